"""Signing in through the district's identity provider: its settings, matching a provider's person to an
account, and the refusals. Each change and each refusal is one audit event (never with the client secret)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from audits.recorder import record
from policyportal import encryption, rules
from policyportal.models import District, IdentityProvider, Role, User
from policyportal.services.people import person_create

SETTINGS = (
    "enabled",
    "issuer",
    "client_id",
    "email_domains",
    "stable_id_claim",
    "passwords_enabled",
    "break_glass_admin",
    "jit_accounts",
)


class SignInRefused(Exception):
    def __init__(self, reason: str, message: str, *, label: str = "", person: User | None = None):
        super().__init__(message)
        self.reason = reason
        self.label = label
        self.person = person


@transaction.atomic
def identity_provider_save(*, district: District, by: User, values: dict, client_secret: str = "") -> IdentityProvider:
    """Create or change the district's identity provider; an empty `client_secret` keeps the stored one."""
    if not rules.may_configure_sign_in(by, district):
        raise PermissionDenied("The district's sign-in is set by its administrators.")
    provider = IdentityProvider.objects.select_for_update().filter(district=district).first()
    created = provider is None
    provider = provider or IdentityProvider(district=district)
    before = {name: _shown(getattr(provider, name)) for name in SETTINGS}
    for name in SETTINGS:
        if name in values:
            setattr(provider, name, values[name])
    provider.issuer = provider.issuer.strip().rstrip("/")
    if client_secret:
        provider.client_secret = client_secret
    errors: dict[str, str] = {}
    if provider.issuer and not rules.is_acceptable_issuer(provider.issuer):
        errors["issuer"] = "The issuer must be an https:// address."
    admin = provider.break_glass_admin
    if admin is not None and not (admin.district_id == district.pk and admin.is_district_admin and admin.is_active):
        errors["break_glass_admin"] = "The break-glass account must be an active administrator of the district."
    if provider.enabled and not provider.passwords_enabled and admin is None:
        errors["break_glass_admin"] = "Name a break-glass administrator before turning passwords off."
    if provider.enabled and not provider.has_client_secret:
        errors["client_secret"] = "Give the client secret the provider issued."  # noqa: S105 (a message, not a secret)
    taken = _domains_of_other_districts(district).intersection(provider.domains)
    if not provider.domains:
        errors["email_domains"] = "Give at least one email domain, such as whps.org."
    elif taken:
        errors["email_domains"] = f"Another district signs in with {', '.join(sorted(taken))}."
    if errors:
        raise ValidationError(errors)
    provider.full_clean()
    provider.save()
    after = {name: _shown(getattr(provider, name)) for name in SETTINGS}
    changes = {name: [before[name], after[name]] for name in SETTINGS if before[name] != after[name]}
    if client_secret:
        changes["client_secret"] = ["(kept secret)", "replaced"]
    if changes or created:
        record(action="district.sign_in_changed", actor=by, district=district, target=district, payload=changes)
    return provider


@transaction.atomic
def client_secrets_reencrypt() -> list[District]:
    """Encrypt every stored client secret again with the first key of PORTAL_ENCRYPTION_KEYS, so the older keys
    can be removed; one event per district. A secret no key opens stops it all (SecretUnreadable): nothing changes."""
    providers = list(
        IdentityProvider.objects.select_for_update().select_related("district").exclude(client_secret_encrypted="")
    )
    for provider in providers:
        what = f"The OpenID client secret of {provider.district.name}"
        provider.client_secret_encrypted = encryption.reencrypt(provider.client_secret_encrypted, what=what)
        provider.save(update_fields=["client_secret_encrypted"])
        record(
            action="district.sign_in_secret_reencrypted",
            district=provider.district,
            target=provider.district,
            payload={"client_secret": "encrypted again with the first key of PORTAL_ENCRYPTION_KEYS"},
        )
    return [provider.district for provider in providers]


def _shown(value):
    return value.username if isinstance(value, User) else value


def _domains_of_other_districts(district: District) -> set[str]:
    others = IdentityProvider.objects.exclude(district=district)
    return {domain for provider in others for domain in provider.domains}


def sign_in_refused(*, district: District | None, reason: str, label: str = "", person: User | None = None) -> None:
    """One audit event for a sign-in the portal refused, with its reason."""
    record(
        action="auth.sso_refused",
        district=district,
        target=person,
        target_label=label[:150] or None,
        payload={"reason": reason, "who": label[:150]},
    )


def password_sign_in_check(*, user: User) -> None:
    """Refuses (recorded) a password sign-in where the district has turned passwords off."""
    provider = IdentityProvider.objects.filter(district_id=user.district_id).first() if user.district_id else None
    if rules.may_use_password(user, provider):
        return
    record(
        action="auth.password_refused",
        district=user.district,
        target=user,
        payload={"reason": "passwords_off", "username": user.username},
    )
    raise ValidationError(
        "Your district signs in with its own accounts: use “Sign in with your district account” with your work email.",
        code="passwords_off",
    )


def person_for_sign_in(*, provider: IdentityProvider, claims: dict) -> User:
    """The account of the person the provider vouches for: by the directory's stable id, then by verified email
    within the district's domains; a just-in-time employee account where the district allows it. Refusals raise
    SignInRefused, for the caller to record with the request (sign_in_limits.provider_sign_in_refused)."""
    district = provider.district
    stable_id = str(claims.get(provider.stable_id_claim) or "")
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified") is True or str(claims.get("email_verified")).lower() == "true"
    label = sign_in_label(provider, claims)
    domain = email.rpartition("@")[2]
    in_domains = bool(email) and domain in provider.domains

    person = None
    if stable_id:
        person = User.objects.filter(district=district, directory_id=stable_id).first()
    if person is None and in_domains and verified:
        person = User.objects.filter(district=district, email__iexact=email).first()
    if person is None:
        elsewhere = User.objects.exclude(district=district).filter(
            (Q(directory_id=stable_id) & ~Q(directory_id="")) | (Q(email__iexact=email) & ~Q(email=""))
        )
        if email and not in_domains:
            message = f"The address {email} is not one of {district.name}'s."
            raise SignInRefused("email_outside_domains", message, label=label)
        if elsewhere.exists():
            message = f"This account belongs to another district, not {district.name}."
            raise SignInRefused("another_district", message, label=label)
        if not verified:
            raise SignInRefused(
                "email_not_verified", "The provider does not vouch for this email address.", label=label
            )
        if not provider.jit_accounts:
            message = (
                f"{district.name} has no portal account for {label}. Ask the district's administrators to add you."
            )
            raise SignInRefused("unknown_person", message, label=label)
        person = _jit_account(provider=provider, claims=claims, email=email)
    if not rules.may_sign_in_through_provider(person, provider):
        message = "This account is closed. Ask the district's administrators."
        raise SignInRefused("deactivated", message, label=label, person=person)
    return person


def sign_in_label(provider: IdentityProvider, claims: dict) -> str:
    """Who the provider says signs in, as refusals name them and the sign-in pause counts them."""
    email = str(claims.get("email") or "").strip().lower()
    return email or str(claims.get(provider.stable_id_claim) or "")


def _jit_account(*, provider: IdentityProvider, claims: dict, email: str) -> User:
    """An employee account for a person the provider vouches for, made by the people service as the portal
    itself. Its directory id stays empty: that field is the staff import's, which matches this account by its
    email when the directory brings the person (the provider's subject is not the directory's id)."""
    return person_create(
        district=provider.district,
        by=None,
        email=email,
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
        role=Role.EMPLOYEE,
    )
