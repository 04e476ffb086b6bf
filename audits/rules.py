"""Who reads the audit trail and the reports: asked by their pages, selectors, services and the navigation."""


def may_read_reports(user) -> bool:
    """Supervisors (about the people and sites they answer for) and administrators (the whole district)."""
    return user.can_supervise


def may_read_audit_trail(user) -> bool:
    """The district's administrators, for their own district's chain (the selectors scope it)."""
    return user.is_district_admin
