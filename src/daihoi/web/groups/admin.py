from django.contrib import admin

from .models import Difficulty, DifficultyEvent, WorkingGroup


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation", "leader")
    raw_id_fields = ("organisation", "leader", "assigned")
    filter_horizontal = ("members",)


class EventInline(admin.TabularInline):
    model = DifficultyEvent
    extra = 0
    raw_id_fields = ("author",)


@admin.register(Difficulty)
class DifficultyAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "status", "due_date", "working_group")
    list_filter = ("status",)
    raw_id_fields = ("organisation", "working_group", "reported_by")
    inlines = [EventInline]
