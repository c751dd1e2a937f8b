from django.contrib import admin

from .models import Congress, CongressNote, Season, SeasonDeadline


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
