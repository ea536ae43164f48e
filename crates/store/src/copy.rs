//! PostgreSQL's binary `COPY … FROM STDIN`: rows sent as their fields' bytes, which the server
//! stores without parsing any text (a timestamp's text cost it more than the row's insert).
//! Each field goes as its length and its bytes in network order, -1 for NULL; the types must
//! be the columns' own (every integer in the schema is BIGINT, every float DOUBLE PRECISION).

use crate::StoreError;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// Bytes sent to the server at a time.
const BUFFER: usize = 1 << 20;

/// The format's signature, flags and header extension length.
const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in Unix microseconds.
const POSTGRES_EPOCH_MICROS: i64 = 946_684_800_000_000;

/// The rows of one `COPY`, encoded.
#[derive(Debug)]
pub(crate) struct BinaryRows {
    buf: Vec<u8>,
}

impl BinaryRows {
    pub fn new() -> BinaryRows {
        let mut buf = Vec::with_capacity(BUFFER);
        buf.extend_from_slice(HEADER);
        BinaryRows { buf }
    }

    /// Starts a row of `fields` fields.
    pub fn row(&mut self, fields: i16) {
        self.buf.extend_from_slice(&fields.to_be_bytes());
    }

    fn field(&mut self, bytes: &[u8]) {
        // a field is a cell of a sheet, a name or a note: far below 2 GiB
        self.buf
            .extend_from_slice(&i32::try_from(bytes.len()).unwrap_or(i32::MAX).to_be_bytes());
        self.buf.extend_from_slice(bytes);
    }

    pub fn null(&mut self) {
        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
    }

    pub fn int(&mut self, v: Option<i64>) {
        match v {
            Some(v) => self.field(&v.to_be_bytes()),
            None => self.null(),
        }
    }

    pub fn float(&mut self, v: Option<f64>) {
        match v {
            Some(v) => self.field(&v.to_be_bytes()),
            None => self.null(),
        }
    }

    pub fn text(&mut self, v: Option<&str>) {
        match v {
            Some(v) => self.field(v.as_bytes()),
            None => self.null(),
        }
    }

    pub fn time(&mut self, v: Option<DateTime<Utc>>) {
        self.int(v.map(|t| t.timestamp_micros() - POSTGRES_EPOCH_MICROS));
    }

    /// True when the buffer should go to the server before more rows are added.
    pub fn is_full(&self) -> bool {
        self.buf.len() > BUFFER - 4096
    }

    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buf)
    }
}

/// A `COPY table (columns) FROM STDIN (FORMAT binary)` in progress: rows are encoded into
/// [`BinaryRows`] and sent a buffer at a time.
pub(crate) struct Copy<'c> {
    sink: sqlx::postgres::PgCopyIn<&'c mut PgConnection>,
    pub rows: BinaryRows,
}

impl std::fmt::Debug for Copy<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Copy").finish_non_exhaustive()
    }
}

impl<'c> Copy<'c> {
    pub async fn start(
        conn: &'c mut PgConnection,
        table: &str,
        columns: &[&str],
    ) -> Result<Copy<'c>, StoreError> {
        let sql = format!(
            "COPY {table} ({}) FROM STDIN (FORMAT binary)",
            columns.join(", ")
        );
        Ok(Copy {
            sink: conn.copy_in_raw(&sql).await?,
            rows: BinaryRows::new(),
        })
    }

    /// Sends the buffer when it is full.
    pub async fn flush_if_full(&mut self) -> Result<(), StoreError> {
        if self.rows.is_full() {
            let bytes = self.rows.take();
            self.sink.send(bytes.as_slice()).await?;
            self.rows.buf = bytes;
            self.rows.buf.clear();
        }
        Ok(())
    }

    /// Sends the rest and the trailer; returns the rows the server took.
    pub async fn finish(mut self) -> Result<u64, StoreError> {
        self.rows.buf.extend_from_slice(&(-1i16).to_be_bytes());
        let bytes = self.rows.take();
        self.sink.send(bytes.as_slice()).await?;
        Ok(self.sink.finish().await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_its_field_count_then_each_field_with_its_length() {
        let mut rows = BinaryRows::new();
        rows.row(4);
        rows.int(Some(7));
        rows.text(Some("5,070人"));
        rows.float(None);
        rows.time(DateTime::from_timestamp_micros(POSTGRES_EPOCH_MICROS + 1));
        let mut want = HEADER.to_vec();
        want.extend_from_slice(&[0, 4]);
        want.extend_from_slice(&[0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7]);
        want.extend_from_slice(&[0, 0, 0, 8]);
        want.extend_from_slice("5,070人".as_bytes());
        want.extend_from_slice(&[0xff, 0xff, 0xff, 0xff]);
        want.extend_from_slice(&[0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(rows.buf, want);
        assert_eq!(HEADER.len(), 19);
    }
}
