"""The hall laptop's own IPv4 addresses: what the other PCs type to reach the station.

Found without any network traffic: the addresses the machine's name resolves to, and the
address the system would send from towards each private range (a UDP socket that is connected
but never sends). A hall network with no DHCP server gives link-local addresses (169.254.x.x);
they are kept, since that is then how the PCs reach each other.
"""

from __future__ import annotations

import ipaddress
import socket

# One address in each private range; only the routing table is asked, no packet is sent.
_PROBES = ("10.254.254.254", "172.16.254.254", "192.168.254.254", "169.254.254.254")


def local_ipv4s() -> list[str]:
    """This machine's IPv4 addresses other than loopback, in numeric order."""
    found: set[str] = set()
    try:
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(address[0]))
    except OSError:
        pass
    for probe in _PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.connect((probe, 9))
                found.add(str(udp.getsockname()[0]))
            except OSError:  # no route to that range
                continue
    usable = {
        ip
        for ip in found
        if not (ipaddress.IPv4Address(ip).is_loopback or ipaddress.IPv4Address(ip).is_unspecified)
    }
    return sorted(usable, key=ipaddress.IPv4Address)
