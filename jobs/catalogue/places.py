"""Where a province is on the map: the seat of each of the 34 provincial-level units.

Matching measures distance in kilometres (jobs.matching); a vacancy or a worker without an
address that was placed on the map is placed at their province's seat (the administrative
centre since the 2025 merger), so every vacancy and every worker has a point. Coordinates are
the seat city's centre, WGS 84, to about 1 km.
"""

from __future__ import annotations

import math

#: province code (common.provinces) -> (latitude, longitude) of the provincial seat.
PROVINCE_SEATS: dict[str, tuple[float, float]] = {
    "01": (21.0285, 105.8542),  # Hà Nội
    "04": (22.6657, 106.2570),  # Cao Bằng
    "08": (21.8236, 105.2180),  # Tuyên Quang (with Hà Giang)
    "11": (21.3860, 103.0230),  # Điện Biên Phủ
    "12": (22.3964, 103.4582),  # Lai Châu
    "14": (21.3270, 103.9141),  # Sơn La
    "15": (21.7229, 104.9113),  # Lào Cai (seat at Yên Bái)
    "19": (21.5942, 105.8482),  # Thái Nguyên (with Bắc Kạn)
    "20": (21.8537, 106.7615),  # Lạng Sơn
    "22": (20.9517, 107.0800),  # Quảng Ninh (Hạ Long)
    "24": (21.2731, 106.1946),  # Bắc Ninh (seat at Bắc Giang)
    "25": (21.3227, 105.4019),  # Phú Thọ (Việt Trì)
    "31": (20.8449, 106.6881),  # Hải Phòng (with Hải Dương)
    "33": (20.6464, 106.0511),  # Hưng Yên (with Thái Bình)
    "37": (20.2506, 105.9745),  # Ninh Bình (with Hà Nam, Nam Định)
    "38": (19.8067, 105.7852),  # Thanh Hóa
    "40": (18.6796, 105.6813),  # Nghệ An (Vinh)
    "42": (18.3559, 105.8877),  # Hà Tĩnh
    "44": (17.4689, 106.6223),  # Quảng Trị (seat at Đồng Hới)
    "46": (16.4637, 107.5909),  # Huế
    "48": (16.0544, 108.2022),  # Đà Nẵng (with Quảng Nam)
    "51": (15.1214, 108.8044),  # Quảng Ngãi (with Kon Tum)
    "52": (13.7820, 109.2197),  # Gia Lai (seat at Quy Nhơn)
    "56": (12.2388, 109.1967),  # Khánh Hòa (Nha Trang)
    "66": (12.6667, 108.0500),  # Đắk Lắk (Buôn Ma Thuột)
    "68": (11.9404, 108.4583),  # Lâm Đồng (Đà Lạt)
    "75": (10.9574, 106.8429),  # Đồng Nai (Biên Hòa)
    "79": (10.7769, 106.7009),  # Thành phố Hồ Chí Minh
    "80": (10.5359, 106.4137),  # Tây Ninh (seat at Tân An)
    "82": (10.3600, 106.3600),  # Đồng Tháp (seat at Mỹ Tho)
    "86": (10.2537, 105.9722),  # Vĩnh Long
    "91": (10.0125, 105.0809),  # An Giang (seat at Rạch Giá)
    "92": (10.0452, 105.7469),  # Cần Thơ
    "96": (9.1769, 105.1524),  # Cà Mau
}

_EARTH_RADIUS_KM = 6371.0088


def province_point(province_code: str) -> tuple[float, float] | None:
    """The seat of the province, or None for a code that is not one of the 34."""
    return PROVINCE_SEATS.get(province_code)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (latitude, longitude) points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
