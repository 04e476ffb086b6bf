"""The words a person reads for the trail's codes: every page, filter, history and export label an event's action
and its target type from here, so `request.step_approved` or `socialmediarequest` is never shown as it is stored.

A code without its own words here (a new action) is still shown in words, made from the code itself."""

TARGET_TYPES = {
    "acknowledgment": "Acknowledgment",
    "checklistitem": "Policy item",
    "consultation": "Question about a post",
    "disposalbatch": "Disposal list",
    "disposalitem": "Record on a disposal list",
    "directoryobjection": "Objection to the directory",
    "district": "District",
    "evidence": "Evidence",
    "finding": "Finding",
    "monitoringcheck": "Monitoring check",
    "notification": "Notification",
    "policyversion": "Policy version",
    "recordspackage": "Records-request package",
    "reviewanswer": "Review answer",
    "school": "School",
    "site": "Site",
    "sitereview": "Site review",
    "socialmediarequest": "Request",
    "staffimport": "Staff import",
    "tombstone": "Disposed record",
    "identityprovider": "Sign-in provider",
    "legalhold": "Legal hold",
    "retentionschedule": "Retention schedule",
    "user": "Person",
    "violationreport": "Violation report",
}

ACTIONS = {
    "acknowledgment.signed": "Acknowledgment signed",
    "audit.chain_verified": "Audit trail verified",
    "audit.checkpoint": "Audit checkpoint mailed",
    "auth.login": "Signed in",
    "auth.login_failed": "Sign-in failed",
    "auth.logout": "Signed out",
    "auth.password_changed": "Password changed",
    "auth.password_refused": "Password refused",
    "auth.password_reset": "Password reset",
    "auth.sign_in_failures": "Repeated sign-in failures",
    "auth.sso_refused": "District sign-in refused",
    "consultation.answered": "Question answered",
    "consultation.asked": "Question asked",
    "consultation.reassigned": "Question passed on",
    "district.created": "District created",
    "district.settings_changed": "District settings changed",
    "district.sign_in_changed": "Sign-in settings changed",
    "district.sign_in_secret_reencrypted": "Sign-in secret re-encrypted",
    "export.csv": "Exported as CSV",
    "export.pdf": "Exported as PDF",
    "finding.fixed": "Fix reported",
    "finding.opened": "Finding opened",
    "finding.reopened": "Finding reopened",
    "finding.reviewer_changed": "Finding's reviewer changed",
    "finding.verified": "Fix checked, finding closed",
    "monitoring.logged": "Monitoring check logged",
    "notification.all_read": "All notifications read",
    "notification.preferences_changed": "Email preferences changed",
    "notification.read": "Notification read",
    "policy.published": "Rules published",
    "precheck.run": "Post checked before posting",
    "request.approved": "Request approved",
    "request.created": "Request started",
    "request.denied": "Request denied",
    "request.edited": "Request edited",
    "request.reassigned": "Decision passed on",
    "request.resubmitted": "Request submitted again",
    "request.returned": "Request returned for changes",
    "request.step_approved": "Step approved, sent on to the next decider",
    "request.submitted": "Request submitted",
    "request.withdrawn": "Request withdrawn",
    "records.package_built": "Records-request package built",
    "records.package_downloaded": "Records-request package downloaded",
    "records.package_expired": "Records-request package expired, its file deleted",
    "records.package_failed": "Records-request package could not be built",
    "records.package_requested": "Records-request package asked for",
    "records.hold_lifted": "Legal hold lifted",
    "records.hold_placed": "Legal hold placed",
    "records.officer_appointed": "Records officer appointed",
    "records.officer_removed": "No longer a records officer",
    "records.schedule_removed": "Retention period removed",
    "records.schedule_set": "Retention period set",
    "records.disposal_approved": "Disposal approved",
    "records.disposal_finished": "Disposal finished",
    "records.disposal_kept": "Record kept from disposal",
    "records.disposal_listed": "Records listed for disposal",
    "records.disposed": "Record disposed of",
    "review.completed": "Review completed",
    "review.evidence_attached": "Evidence attached",
    "review.saved": "Review saved",
    "review.started": "Review started",
    "roster.imported": "Roster imported",
    "roster.viewed": "Roster viewed",
    "roster.purged": "Roster purged (student names deleted)",
    "school.created": "School added",
    "school.updated": "School changed",
    "site.activated": "Site activated",
    "site.created": "Site record opened",
    "site.retired": "Site retired",
    "site.supervisor_changed": "Site's supervisor changed",
    "site.suspended": "Site suspended",
    "site.transfer_offered": "Site offered to a colleague",
    "site.transfer_withdrawn": "Offer of the site withdrawn",
    "site.transferred": "Site handed over",
    "staff.import_discarded": "Staff import discarded",
    "staff.import_refused": "Staff import refused",
    "staff.imported": "Staff imported",
    "user.created": "Person added",
    "user.deactivated": "Person deactivated",
    "user.imported": "Person imported",
    "user.invitation_accepted": "Invitation accepted",
    "user.invited": "Person invited",
    "user.reactivated": "Person reactivated",
    "user.updated": "Person changed",
    "violation.handler_changed": "Violation report passed on",
    "violation.reported": "Violation reported",
    "violation.resolved": "Violation report resolved",
}

REMINDER = "reminder."


def words_from_code(code: str) -> str:
    """A code in words, for one without words of its own: `review.evidence_attached` -> "Review evidence attached"."""
    words = code.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def target_type_label(code: str) -> str:
    return TARGET_TYPES.get(code) or words_from_code(code)


def action_label(code: str) -> str:
    if code in ACTIONS:
        return ACTIONS[code]
    if code.startswith(REMINDER):  # reminder.<the notification's kind>
        return f"Reminder sent: {words_from_code(code.removeprefix(REMINDER)).lower()}"
    return words_from_code(code)
