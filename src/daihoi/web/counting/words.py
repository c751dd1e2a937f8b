"""The engine's and the scanner's words the station shows, listed for translation.

The wording itself has one home (``daihoi.engine.tally.OUTCOME_LABELS``,
``daihoi.engine.reasons``, ``daihoi.scan.decide.REASON_TEXT``,
``daihoi.engine.batches.METHOD_WORDS``); this list only lets
``makemessages`` find them for the English catalogue, and a test checks it names every one of
them, so a new reason is never shown untranslated.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

ENGINE_WORDS = (
    gettext_noop("Đã bầu đủ số lượng"),
    gettext_noop("Có người bằng phiếu nhau ở vị trí cuối: phải bầu lại giữa những người này"),
    gettext_noop("Chưa bầu đủ số lượng: có chỗ không ai đạt quá bán"),
    gettext_noop("Còn phiếu chờ Ban kiểm phiếu quyết định: chưa công bố kết quả"),
    gettext_noop("không do Ban Kiểm phiếu phát ra"),
    gettext_noop("để lại quá số lượng cần bầu"),
    gettext_noop("gạch hết tên"),
    gettext_noop("ghi thêm tên người ngoài danh sách"),
    gettext_noop("có dấu hiệu riêng / đánh dấu khác"),
    gettext_noop("có dòng đánh dấu cả hai ô hoặc không ô nào"),
    gettext_noop("không có dấu của Ban Tổ chức (phiếu không do tổ bầu cử phát ra)"),
    gettext_noop("có chữ viết thêm ngoài danh sách"),
    gettext_noop("có dấu hiệu hoặc nét vẽ khác ngoài các dòng tên"),
    gettext_noop("có dòng gạch không rõ ràng"),
    gettext_noop("dấu của Ban Tổ chức mờ hoặc không chắc chắn"),
    gettext_noop("dấu khác với mẫu dấu của Ban Tổ chức (khác hình, khác cỡ hoặc khác màu)"),
    gettext_noop("dấu không phải màu đỏ (dấu màu khác hoặc bản sao chụp của phiếu)"),
    gettext_noop("có tên chỉ bị gạch một phần (còn chữ không bị gạch)"),
    gettext_noop("có tên bị gạch rồi sửa lại (khoanh, viết thêm hoặc tô thêm)"),
    gettext_noop("trang này trùng với một trang đã quét (cùng một tờ phiếu quét hai lần)"),
    gettext_noop("phiếu của cuộc bầu khác"),
    gettext_noop("phiếu của vòng bầu khác"),
    gettext_noop("không định vị được phiếu"),
    gettext_noop("trang trắng"),
    gettext_noop("tệp không đọc được"),
    # How a batch was counted (daihoi.engine.batches.METHOD_WORDS).
    gettext_noop("máy đọc"),
    gettext_noop("nhập tay"),
    gettext_noop("nhập tổng số"),
)


def shown(text: str) -> str:
    """One of the engine's words in the reader's language."""
    return gettext(text) if text else text
