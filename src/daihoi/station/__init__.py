"""The scanning PC's side of a counting station (trạm kiểm phiếu), pure of Django.

* ``daihoi.station.kinds``: what a scanner's file is, by its first bytes (``kind_of``).
* ``daihoi.station.client``: the station server's upload API (``StationClient``), its answers
  as values (``Answer``, ``Reply``).
* ``daihoi.station.sent``: the SHA-256 values the server confirmed (``SentState``), kept on
  disk so a file is never sent twice, even across restarts.
* ``daihoi.station.watch``: the folder watcher (``Watcher``): waits until a file is complete and
  delivers it once.

Secrecy: nothing here sends a file's name, path, times or the order it was scanned in; only its
bytes, their SHA-256 and its kind.
"""
