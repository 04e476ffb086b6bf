"""Who reads the audit trail: one rule, asked by its pages, its selectors and the verification service."""


def may_read_audit_trail(user) -> bool:
    """The district's administrators, for their own district's chain (the selectors scope it)."""
    return user.is_district_admin
