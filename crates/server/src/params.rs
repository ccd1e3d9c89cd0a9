//! Query-string parameters, checked with messages that say what was wrong and what is
//! expected. Unknown parameters are refused, so a misspelt filter is not silently ignored.

use std::collections::HashMap;

use marsad_store::{EventSort, Filter, MAX_PAGE};

use crate::error::ApiError;

/// Parameters of `GET /api/events`.
pub const EVENT_PARAMS: &[&str] = &[
    "from", "to", "admin1", "place", "bbox", "near", "km", "actor", "type", "sub_type", "min_fatalities", "text", "limit",
    "offset", "sort",
];

/// Events per page when `limit` is not given.
pub const DEFAULT_LIMIT: u64 = 100;

/// A checked `GET /api/events` request.
pub struct EventQuery {
    pub filter: Filter,
    pub sort: EventSort,
    pub offset: u64,
    pub limit: u64,
}

/// Refuses parameters not in `known`.
pub fn only(params: &HashMap<String, String>, known: &[&str]) -> Result<(), ApiError> {
    let mut unknown: Vec<&str> = params.keys().map(String::as_str).filter(|k| !known.contains(k)).collect();
    unknown.sort_unstable();
    match unknown.first() {
        None => Ok(()),
        Some(k) => Err(ApiError::bad_request(format!("unknown parameter {k:?}; known: {}", known.join(", ")))),
    }
}

/// A `YYYY-MM-DD` day.
pub fn day(name: &str, value: &str) -> Result<String, ApiError> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| ApiError::bad_request(format!("{name}: {value:?} is not a date (YYYY-MM-DD)")))
}

fn number<T: std::str::FromStr>(name: &str, value: &str, what: &str) -> Result<T, ApiError> {
    value.trim().parse().map_err(|_| ApiError::bad_request(format!("{name}: {value:?} is not {what}")))
}

fn floats<const N: usize>(name: &str, value: &str, what: &str) -> Result<[f64; N], ApiError> {
    let bad = || ApiError::bad_request(format!("{name}: {value:?} is not {what}"));
    let parts: Vec<f64> = value.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    let values: [f64; N] = parts.try_into().map_err(|_| bad())?;
    if values.iter().any(|v| !v.is_finite()) {
        return Err(bad());
    }
    Ok(values)
}

/// A non-empty text value (blank means "no filter").
fn text(params: &HashMap<String, String>, name: &str) -> Option<String> {
    params.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Checks the parameters of `GET /api/events`.
pub fn event_query(params: &HashMap<String, String>) -> Result<EventQuery, ApiError> {
    only(params, EVENT_PARAMS)?;
    let get = |name: &str| text(params, name);
    let mut filter = Filter {
        admin1: get("admin1"),
        place: get("place"),
        actor: get("actor"),
        event_type: get("type"),
        sub_event_type: get("sub_type"),
        text: get("text"),
        ..Filter::default()
    };
    if let Some(v) = get("from") {
        filter.from = Some(day("from", &v)?);
    }
    if let Some(v) = get("to") {
        filter.to = Some(day("to", &v)?);
    }
    if let (Some(from), Some(to)) = (&filter.from, &filter.to) {
        if from > to {
            return Err(ApiError::bad_request(format!("from ({from}) is after to ({to})")));
        }
    }
    if let Some(v) = get("bbox") {
        let b = floats::<4>("bbox", &v, "minlon,minlat,maxlon,maxlat")?;
        if b[0] > b[2] || b[1] > b[3] {
            return Err(ApiError::bad_request(format!("bbox: {v:?}: the minimum comes first (minlon,minlat,maxlon,maxlat)")));
        }
        filter.bbox = Some(b);
    }
    filter.near = near(get("near"), get("km"))?;
    if let Some(v) = get("min_fatalities") {
        filter.min_fatalities = Some(number("min_fatalities", &v, "a whole number of 0 or more")?);
    }
    let sort = match get("sort") {
        None => EventSort::default(),
        Some(s) => EventSort::from_name(&s).ok_or_else(|| {
            let names: Vec<&str> = EventSort::NAMES.iter().map(|(n, _)| *n).collect();
            ApiError::bad_request(format!("sort: {s:?} is not one of {}", names.join(", ")))
        })?,
    };
    let offset = match get("offset") {
        Some(v) => number("offset", &v, "a whole number of 0 or more")?,
        None => 0,
    };
    let limit = match get("limit") {
        Some(v) => number::<u64>("limit", &v, "a whole number")?,
        None => DEFAULT_LIMIT,
    };
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::bad_request(format!("limit must be from 1 to {MAX_PAGE}, not {limit}")));
    }
    Ok(EventQuery { filter, sort, offset, limit })
}

fn near(point: Option<String>, km: Option<String>) -> Result<Option<(f64, f64, f64)>, ApiError> {
    match (point, km) {
        (None, None) => Ok(None),
        (Some(_), None) | (None, Some(_)) => Err(ApiError::bad_request("near and km go together: near=LAT,LON&km=N")),
        (Some(p), Some(k)) => {
            let [lat, lon] = floats::<2>("near", &p, "lat,lon")?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(ApiError::bad_request(format!("near: {p:?}: latitude must be within ±90 and longitude within ±180")));
            }
            let km: f64 = number("km", &k, "a distance in kilometres")?;
            if !km.is_finite() || km < 0.0 {
                return Err(ApiError::bad_request(format!("km must be a distance of 0 or more, not {k:?}")));
            }
            Ok(Some((lat, lon, km)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Result<EventQuery, ApiError> {
        event_query(&pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn bad_values_are_named() {
        assert!(q(&[("from", "2024-13-01")]).err().unwrap().message.contains("from"));
        assert!(q(&[("limit", "0")]).err().unwrap().message.contains("limit"));
        assert!(q(&[("limit", "5000")]).is_err());
        assert!(q(&[("sort", "colour")]).err().unwrap().message.contains("-date"));
        assert!(q(&[("near", "35,40")]).is_err());
        assert!(q(&[("bbox", "41,35,40,36")]).is_err());
        assert!(q(&[("colour", "red")]).err().unwrap().message.contains("colour"));
        let ok = q(&[("from", "2024-01-01"), ("to", "2024-02-01"), ("sort", "-fatalities"), ("limit", "5")]).ok().unwrap();
        assert_eq!((ok.limit, ok.sort), (5, EventSort::FatalitiesDesc));
    }
}
