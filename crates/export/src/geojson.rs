//! GeoJSON (RFC 7946): one FeatureCollection of Point features with the ACLED columns as
//! properties, for QGIS and web maps.

use std::io::Write;

use serde_json::{Map, Value};

use crate::acled::{acled_row, Cell, SourceScales, ACLED_COLUMNS};
use crate::{Error, ExportEvent};

/// Writes a FeatureCollection, one feature at a time. The document is valid JSON only after
/// [`GeoJsonWriter::finish`], which closes it.
pub struct GeoJsonWriter<W: Write> {
    out: W,
    timestamp: i64,
    scales: SourceScales,
    features: usize,
    unlocated: usize,
}

impl<W: Write> GeoJsonWriter<W> {
    /// A writer with the shipped source scales; `timestamp` fills the `timestamp` property.
    ///
    /// # Errors
    /// When the opening of the collection cannot be written.
    pub fn new(out: W, timestamp: i64) -> Result<Self, Error> {
        Self::with_scales(out, timestamp, SourceScales::embedded()?)
    }

    /// A writer with the given source scales.
    ///
    /// # Errors
    /// When the opening of the collection cannot be written.
    pub fn with_scales(mut out: W, timestamp: i64, scales: SourceScales) -> Result<Self, Error> {
        // No "crs" member: RFC 7946 coordinates are WGS 84 longitude, latitude.
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        Ok(GeoJsonWriter { out, timestamp, scales, features: 0, unlocated: 0 })
    }

    /// Writes one event as a Point feature; an event without coordinates is left out and
    /// counted ([`GeoJsonWriter::unlocated`]). Returns whether it was written.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write(&mut self, event: &ExportEvent<'_>) -> Result<bool, Error> {
        let place = event.event.location.as_ref();
        let (Some(lat), Some(lon)) = (place.and_then(|p| p.lat), place.and_then(|p| p.lon)) else {
            self.unlocated += 1;
            return Ok(false);
        };
        let mut properties = Map::new();
        let row = acled_row(event, self.timestamp, &self.scales);
        for (name, cell) in ACLED_COLUMNS.iter().zip(&row) {
            properties.insert((*name).to_owned(), cell.to_json());
        }
        properties.insert("doc_id".to_owned(), Value::from(event.doc_id));
        properties.insert("marsad_event_id".to_owned(), Value::from(event.event.event_id.as_str()));
        properties.insert("url".to_owned(), event.url.map_or(Value::Null, Value::from));
        self.write_point(lon, lat, properties)?;
        Ok(true)
    }

    /// Writes one Point feature at `lon`, `lat` (WGS 84 degrees) with the given properties:
    /// for records other than events (the store's control periods).
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_point(&mut self, lon: f64, lat: f64, properties: Map<String, Value>) -> Result<(), Error> {
        let feature = serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [Cell::Float(lon).to_json(), Cell::Float(lat).to_json()]},
            "properties": properties,
        });
        if self.features > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n")?;
        serde_json::to_writer(&mut self.out, &feature)?;
        self.features += 1;
        Ok(())
    }

    /// Features written so far.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Events left out for want of coordinates.
    pub fn unlocated(&self) -> usize {
        self.unlocated
    }

    /// Closes the collection, flushes, and gives the output back.
    ///
    /// # Errors
    /// When writing fails.
    pub fn finish(mut self) -> Result<W, Error> {
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}
