"""The Django admin over the audit trail: read-only, for staff, and the baseline the benchmark compares
the portal's own audit browser with. It can never change or delete an event (neither can the database)."""

from django.contrib import admin

from audits.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "district", "occurred_at", "actor_name", "action", "target_label"]
    list_filter = ["district", "action"]
    search_fields = ["target_label", "actor_name"]
