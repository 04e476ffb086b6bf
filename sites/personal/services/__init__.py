"""The only code that changes personal-use records, and records the audit event of each change."""
