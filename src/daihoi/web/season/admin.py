from django.contrib import admin

from .models import (
    Congress,
    CongressNote,
    Difficulty,
    DifficultyEvent,
    Season,
    SeasonDeadline,
    WorkingGroup,
)


class DeadlineInline(admin.TabularInline):
    model = SeasonDeadline
    extra = 1


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ("name", "term_start", "term_end", "organisation")
    inlines = [DeadlineInline]
    raw_id_fields = ("organisation",)


class NoteInline(admin.TabularInline):
    model = CongressNote
    extra = 0
    raw_id_fields = ("author",)


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ("organisation", "season", "status", "planned_date", "held_date", "is_pilot")
    list_filter = ("status", "kind", "is_pilot", "season")
    search_fields = ("organisation__name", "organisation__code")
    raw_id_fields = ("organisation",)
    inlines = [NoteInline]


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
