#!/usr/bin/env python3
"""Draws build/icon.png (128x128): a filament spool in Batchivo's teal. Run once; the PNG is committed."""
import os, struct, zlib

SIZE = 128
CX = CY = (SIZE - 1) / 2


def pixel(x, y):
    r = ((x - CX) ** 2 + (y - CY) ** 2) ** 0.5
    if r > 62:
        return (0, 0, 0, 0)
    if r > 56:
        return (40, 44, 52, 255)          # spool flange
    if r > 22:
        band = int(r) % 6 < 3             # wound filament
        return (0, 150, 136, 255) if band else (0, 121, 107, 255)
    if r > 12:
        return (40, 44, 52, 255)          # hub
    return (0, 0, 0, 0)                   # bore


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


rows = b"".join(b"\x00" + bytes(c for x in range(SIZE) for c in pixel(x, y)) for y in range(SIZE))
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows, 9))
       + chunk(b"IEND", b""))
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png"), "wb") as f:
    f.write(png)
