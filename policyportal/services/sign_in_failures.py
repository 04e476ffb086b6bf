"""Failed sign-ins in the audit trail. A failure against a known account is one event in its district's chain:
its administrators care who tried. The failures anyone can cause without end (a name no account has, an attempt
while sign-in is paused, a provider's answer to a sign-in nobody started here) are only counted, per client
address and hour, and each past hour is summarised in the installation's chain: one event for each of the
SUMMARY_ADDRESSES busiest addresses and one for all the others together. A flood from any number of addresses and
names so writes at most SUMMARY_ADDRESSES + 1 events per hour."""

from collections import Counter, defaultdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from audits import context
from audits.recorder import record
from policyportal.models import SignInFailureKind, SignInFailureTally, User

SUMMARY_ADDRESSES = 10


def password_sign_in_failed(*, username: str, locked_out: bool) -> None:
    """A password sign-in that failed: refused while paused (counted), for a name no account has (counted), or
    with the wrong password for an account (recorded in the account's district)."""
    if locked_out:
        failure_counted(SignInFailureKind.LOCKED_OUT)
        return
    username = username[:150]
    account = User.objects.select_related("district").filter(username__iexact=username).first()
    if account is None:
        failure_counted(SignInFailureKind.UNKNOWN_USERNAME)
        return
    record(
        action="auth.login_failed",
        district=account.district,
        target=account,
        target_label=username,
        payload={"username": username, "known_account": True},
    )


def failure_counted(kind: SignInFailureKind) -> None:
    """One more failure of this kind from the request's client address in the current hour."""
    key = {"hour": _hour_of(timezone.now()), "client_ip": context.client_ip.get() or "", "kind": kind}
    if SignInFailureTally.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            SignInFailureTally.objects.create(**key)
    except IntegrityError:  # another request counted the hour's first failure meanwhile
        SignInFailureTally.objects.filter(**key).update(count=F("count") + 1)


@transaction.atomic
def summarise_sign_in_failures(*, now: datetime | None = None) -> int:
    """The summary events of every hour that has ended, its counts then deleted; returns how many events.
    Rows another sweep is summarising are skipped, so two sweeps at once write each hour once."""
    rows = list(
        SignInFailureTally.objects.select_for_update(skip_locked=True)
        .filter(hour__lt=_hour_of(now or timezone.now()))
        .order_by("hour")
    )
    by_hour: dict[datetime, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for row in rows:
        by_hour[row.hour][row.client_ip][row.kind] += row.count
    written = 0
    for hour, by_address in by_hour.items():
        busiest = sorted(by_address.items(), key=lambda item: (-item[1].total(), item[0]))
        for address, counts in busiest[:SUMMARY_ADDRESSES]:
            _summary(hour, counts, label=address or "unknown address", client_ip=address or None)
            written += 1
        others = busiest[SUMMARY_ADDRESSES:]
        if others:
            counts = sum((counts for _, counts in others), Counter())
            _summary(hour, counts, label=f"{len(others)} other addresses", addresses=len(others))
            written += 1
    SignInFailureTally.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return written


def _summary(hour: datetime, counts: Counter[str], *, label: str, **where) -> None:
    record(
        action="auth.sign_in_failures",
        target_label=label,
        payload={"hour": hour.isoformat(), **where, "failures": counts.total(), **dict(sorted(counts.items()))},
    )


def _hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)
