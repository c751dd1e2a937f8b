"""The checks' sentences listed for translation (makemessages finds them here).

Their one home is ``daihoi.personnel_rules.checks.WORDS``; the pages translate each sentence
from these very strings, and a test checks that this list names them all.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

CHECK_WORDS = (
    gettext_noop("Số dư: %(n)s người cho %(seats)s chỗ — thiếu %(short)s người để đủ số cần bầu."),
    gettext_noop("Số dư: %(n)s người cho %(seats)s chỗ (không yêu cầu số dư)."),
    gettext_noop(
        "Số dư: %(n)s người cho %(seats)s chỗ (dư %(extra)s = %(share)s), cần dư ít nhất "
        "%(min_pct)s (%(least)s người) — thiếu %(short)s người."
    ),
    gettext_noop(
        "Số dư: %(n)s người cho %(seats)s chỗ (dư %(extra)s), cơ quan %(seats)s chỗ chỉ "
        "được dư tối đa %(most)s người — thừa %(over)s người."
    ),
    gettext_noop(
        "Số dư: %(n)s người cho %(seats)s chỗ (dư %(extra)s = %(share)s), tối đa "
        "%(max_pct)s (%(most)s người) — thừa %(over)s người."
    ),
    gettext_noop(
        "Số dư: %(n)s người cho %(seats)s chỗ (dư %(extra)s = %(share)s), trong giới hạn "
        "%(least)s–%(most)s người."
    ),
    gettext_noop(
        "Đổi mới (chưa là ủy viên khóa trước): %(have)s/%(whole)s (%(pct)s), đạt từ %(target)s."
    ),
    gettext_noop(
        "Đổi mới (chưa là ủy viên khóa trước): %(have)s/%(whole)s (%(pct)s), cần ít nhất "
        "%(target)s — thiếu %(short)s người."
    ),
    gettext_noop("Nữ: %(have)s/%(whole)s (%(pct)s), đạt từ %(target)s."),
    gettext_noop(
        "Nữ: %(have)s/%(whole)s (%(pct)s), cần ít nhất %(target)s — thiếu %(short)s người."
    ),
    gettext_noop("Dưới %(age)s tuổi: %(have)s/%(whole)s (%(pct)s), đạt từ %(target)s."),
    gettext_noop(
        "Dưới %(age)s tuổi: %(have)s/%(whole)s (%(pct)s), cần ít nhất %(target)s — thiếu "
        "%(short)s người."
    ),
    gettext_noop(
        "Lý luận chính trị từ %(level)s: %(have)s/%(whole)s (%(pct)s), đạt từ %(target)s."
    ),
    gettext_noop(
        "Lý luận chính trị từ %(level)s: %(have)s/%(whole)s (%(pct)s), cần ít nhất %(target)s "
        "— thiếu %(short)s người."
    ),
    gettext_noop("Hồ sơ chưa ghi đủ để tính: %(unknown)s."),
    gettext_noop("Chưa đạt: %(lacking)s."),
    gettext_noop(
        "Tuổi công tác: %(n)s người không đủ thời gian công tác (tái cử cần còn ít nhất "
        "%(reelect)s tháng, lần đầu %(first)s tháng đến tuổi nghỉ hưu): %(who)s."
    ),
    gettext_noop("%(name)s (tái cử, còn %(left)s/%(need)s tháng)"),
    gettext_noop("%(name)s (lần đầu, còn %(left)s/%(need)s tháng)"),
    gettext_noop(
        "Tuổi công tác: chưa tính được cho %(unknown)s (hồ sơ thiếu ngày sinh hoặc giới tính)."
    ),
    gettext_noop(
        "Tuổi công tác: mọi người đều đủ (tái cử còn ít nhất %(reelect)s tháng, lần đầu "
        "%(first)s tháng)."
    ),
    gettext_noop(
        "Số đại biểu tán thành (%(agree)s) phải từ 0 đến số đại biểu có mặt (%(present)s)."
    ),
    gettext_noop("%(agree)s/%(present)s đại biểu có mặt tán thành (%(pct)s), quá 30%%."),
    gettext_noop(
        "Chỉ %(agree)s/%(present)s đại biểu có mặt tán thành (%(pct)s), cần quá 30%% (ít nhất "
        "%(need)s người): không đưa vào danh sách."
    ),
)
LEVEL_WORDS = (gettext_noop("sơ cấp"), gettext_noop("trung cấp"), gettext_noop("cao cấp"))

# The composition risk's sentences (daihoi.personnel_rules.risk.ALL_WORDS).
RISK_WORDS = (
    gettext_noop(
        "Nữ: trúng cử ít nhất %(least)s/%(seats)s (%(least_pct)s), nhiều nhất %(most)s/%(seats)s (%(most_pct)s)."
    ),
    gettext_noop(
        "Nếu %(lose)s trong %(have)s ứng viên nữ không trúng cử, tỷ lệ nữ còn %(pct)s < %(target)s."
    ),
    gettext_noop("Dù cả %(have)s ứng viên nữ đều trúng cử, tỷ lệ nữ chỉ %(pct)s < %(target)s."),
    gettext_noop("Mọi kết quả bầu đủ %(seats)s người đều đạt tỷ lệ nữ từ %(target)s."),
    gettext_noop(
        "Dưới %(age)s tuổi: trúng cử ít nhất %(least)s/%(seats)s (%(least_pct)s), nhiều nhất %(most)s/%(seats)s (%(most_pct)s)."
    ),
    gettext_noop(
        "Nếu %(lose)s trong %(have)s ứng viên dưới %(age)s tuổi không trúng cử, tỷ lệ dưới %(age)s tuổi còn %(pct)s < %(target)s."
    ),
    gettext_noop(
        "Dù cả %(have)s ứng viên dưới %(age)s tuổi đều trúng cử, tỷ lệ dưới %(age)s tuổi chỉ %(pct)s < %(target)s."
    ),
    gettext_noop(
        "Mọi kết quả bầu đủ %(seats)s người đều đạt tỷ lệ dưới %(age)s tuổi từ %(target)s."
    ),
    gettext_noop(
        "Tham gia lần đầu: trúng cử ít nhất %(least)s/%(seats)s (%(least_pct)s), nhiều nhất %(most)s/%(seats)s (%(most_pct)s)."
    ),
    gettext_noop(
        "Nếu %(lose)s trong %(have)s ứng viên tham gia lần đầu không trúng cử, tỷ lệ đổi mới còn %(pct)s < %(target)s."
    ),
    gettext_noop(
        "Dù cả %(have)s ứng viên tham gia lần đầu đều trúng cử, tỷ lệ đổi mới chỉ %(pct)s < %(target)s."
    ),
    gettext_noop("Mọi kết quả bầu đủ %(seats)s người đều đạt tỷ lệ đổi mới từ %(target)s."),
    gettext_noop(
        "Nếu cả %(have)s ứng viên nữ đều không trúng cử, tỷ lệ nữ còn %(pct)s < %(target)s."
    ),
    gettext_noop(
        "Nếu cả %(have)s ứng viên dưới %(age)s tuổi đều không trúng cử, tỷ lệ dưới %(age)s tuổi còn %(pct)s < %(target)s."
    ),
    gettext_noop(
        "Nếu cả %(have)s ứng viên tham gia lần đầu đều không trúng cử, tỷ lệ đổi mới còn %(pct)s < %(target)s."
    ),
    gettext_noop("Theo phiếu giới thiệu, khả năng tỷ lệ nữ dưới %(target)s: khoảng %(chance)s."),
    gettext_noop(
        "Theo phiếu giới thiệu, khả năng tỷ lệ dưới %(age)s tuổi dưới %(target)s: khoảng %(chance)s."
    ),
    gettext_noop(
        "Theo phiếu giới thiệu, khả năng tỷ lệ đổi mới dưới %(target)s: khoảng %(chance)s."
    ),
)
