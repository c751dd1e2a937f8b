from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "daihoi.web.documents"
    label = "documents"
    verbose_name = "Văn kiện"

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from daihoi.web.audit.models import OTHER_ACTIONS

        # The audit page names what the documents subcommittee did in words.
        for action, label in (
            ("documents.draft_created", pgettext_lazy("audit", "Thêm dự thảo văn kiện")),
            ("documents.version_added", pgettext_lazy("audit", "Thêm lần dự thảo")),
            ("documents.round_opened", pgettext_lazy("audit", "Mở đợt góp ý")),
            ("documents.subround_opened", pgettext_lazy("audit", "Lấy ý kiến cho cấp trên")),
            ("documents.comment_added", pgettext_lazy("audit", "Góp ý dự thảo")),
            ("documents.minutes_entered", pgettext_lazy("audit", "Nhập ý kiến từ biên bản")),
            ("documents.group_answered", pgettext_lazy("audit", "Trả lời nhóm ý kiến")),
            ("documents.report_made", pgettext_lazy("audit", "Lập báo cáo tiếp thu ý kiến")),
            ("documents.sent_up", pgettext_lazy("audit", "Gửi ý kiến lên cấp trên")),
        ):
            OTHER_ACTIONS.setdefault(action, label)
