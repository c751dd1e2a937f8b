"""The documents subcommittee's engine (tiểu ban văn kiện), pure: no Django, no clock.

Drafts read from DOCX or text into sections and numbered paragraphs (``outline``), the diff
between two versions (``diff``), length and repetition hints (``hints``), near-duplicate
comments (``similarity``) and the report of how comments were taken in (``report``).
"""
