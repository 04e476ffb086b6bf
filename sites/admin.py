from django.contrib import admin

from audits.admin import ReadOnlyAdmin
from sites.models import Site


@admin.register(Site)
class SiteAdmin(ReadOnlyAdmin):
    list_display = ["name", "district", "owner", "supervisor", "school", "platform", "status", "next_review_due"]
    list_filter = ["district", "status", "platform"]
    search_fields = ["name", "url"]
