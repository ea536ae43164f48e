//! A workbook sheet read on another thread and handed over in batches of rows, so that a
//! layout that reads row by row works while calamine is still parsing the sheet's XML. The
//! first rows are received at once (the layout is recognised on them); the rest come as they
//! are read.

use super::Failure;
use crate::ImportError;
use crate::grid::{Grid, Row};
use shinchoku_core::Finding;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Rows per batch: large enough that the channel costs nothing per row, small enough that the
/// reader starts at once.
pub(crate) const BATCH_ROWS: usize = 1024;

/// Batches the channel holds before the producer waits: bounds the memory of a slow reader.
const BATCHES_IN_FLIGHT: usize = 16;

/// What the producer sends: rows in sheet order, the findings their cells gave, or why the
/// sheet could not be read further.
#[derive(Debug)]
pub(crate) enum Batch {
    Rows(Vec<Row>, Vec<Finding>),
    Failed(Failure),
}

/// The sending end, for the thread that reads the sheet.
#[derive(Debug)]
pub(crate) struct Producer {
    tx: SyncSender<Batch>,
    rows: Vec<Row>,
    findings: Vec<Finding>,
}

impl Producer {
    /// Queues a row; sends the batch when it is full. False when the reader has gone.
    pub fn push(&mut self, row: Row) -> bool {
        self.rows.push(row);
        if self.rows.len() >= BATCH_ROWS {
            return self.flush();
        }
        true
    }

    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn flush(&mut self) -> bool {
        if self.rows.is_empty() && self.findings.is_empty() {
            return true;
        }
        let rows = std::mem::replace(&mut self.rows, Vec::with_capacity(BATCH_ROWS));
        let findings = std::mem::take(&mut self.findings);
        self.tx.send(Batch::Rows(rows, findings)).is_ok()
    }

    /// Sends what is left, or the failure that ended the reading.
    pub fn finish(mut self, outcome: Result<(), Failure>) {
        match outcome {
            Ok(()) => {
                self.flush();
            }
            Err(e) => {
                // rows read before the failure are not sent: the sheet is refused whole
                let _ = self.tx.send(Batch::Failed(e));
            }
        }
    }
}

/// The receiving end: the sheet's first rows, then the rest as they arrive.
#[derive(Debug)]
pub(crate) struct RowStream {
    file: PathBuf,
    pub name: String,
    /// The rows received so far and not yet read, first row first.
    head: VecDeque<Row>,
    rx: Option<Receiver<Batch>>,
    producer: Option<JoinHandle<()>>,
    findings: Vec<Finding>,
    failure: Option<Failure>,
}

/// A channel for one sheet: the producer for the reading thread, and a function that makes
/// the stream once that thread is started.
pub(crate) fn channel() -> (Producer, Receiver<Batch>) {
    let (tx, rx) = sync_channel(BATCHES_IN_FLIGHT);
    let producer = Producer {
        tx,
        rows: Vec::with_capacity(BATCH_ROWS),
        findings: Vec::new(),
    };
    (producer, rx)
}

impl RowStream {
    /// The stream of a sheet whose rows `producer` sends on `rx`; waits for the first `head`
    /// rows (or the end of the sheet, or its failure).
    pub fn start(
        file: PathBuf,
        name: String,
        rx: Receiver<Batch>,
        producer: JoinHandle<()>,
        head: usize,
    ) -> Result<RowStream, ImportError> {
        let mut stream = RowStream {
            file,
            name,
            head: VecDeque::new(),
            rx: Some(rx),
            producer: Some(producer),
            findings: Vec::new(),
            failure: None,
        };
        while stream.head.len() < head && stream.receive() {}
        stream.check()?;
        Ok(stream)
    }

    /// Takes the next batch into `head`; false at the end of the sheet.
    fn receive(&mut self) -> bool {
        let Some(rx) = &self.rx else {
            return false;
        };
        match rx.recv() {
            Ok(Batch::Rows(rows, findings)) => {
                self.head.extend(rows);
                self.findings.extend(findings);
                true
            }
            Ok(Batch::Failed(e)) => {
                self.failure = Some(e);
                self.end();
                false
            }
            Err(_) => {
                self.end();
                false
            }
        }
    }

    fn end(&mut self) {
        self.rx = None;
        if let Some(handle) = self.producer.take()
            && handle.join().is_err()
        {
            self.failure.get_or_insert_with(|| {
                Failure::Broken("シートの読み取り中に内部エラーが起きました".into())
            });
        }
    }

    fn check(&self) -> Result<(), ImportError> {
        match &self.failure {
            Some(failure) => Err(failure.clone().into_error(&self.file)),
            None => Ok(()),
        }
    }

    /// The first `n` rows, to recognise the layout on.
    pub fn sample(&self, n: usize) -> Grid {
        Grid {
            sheet: Some(self.name.clone()),
            rows: self.head.iter().take(n).cloned().collect(),
            first_column: 0,
        }
    }

    /// True when every row received is blank and no more will come.
    pub fn is_blank(&self) -> bool {
        self.rx.is_none() && self.head.iter().all(Row::is_blank)
    }

    /// Rows received so far (all of them once the sheet is read).
    #[cfg(test)]
    pub fn rows_received(&self) -> usize {
        self.head.len()
    }

    /// How many rows the sheet has, read to its end without keeping them.
    pub fn line_count(mut self) -> Result<usize, ImportError> {
        let mut count = 0;
        loop {
            count += self.head.len();
            self.head.clear();
            if !self.receive() {
                break;
            }
        }
        self.check()?;
        Ok(count)
    }

    /// The whole sheet as a grid, and the findings its cells gave.
    pub fn into_grid(mut self) -> Result<(Grid, Vec<Finding>), ImportError> {
        while self.receive() {}
        self.check()?;
        let grid = Grid {
            sheet: Some(std::mem::take(&mut self.name)),
            rows: std::mem::take(&mut self.head).into(),
            first_column: 0,
        };
        Ok((grid, std::mem::take(&mut self.findings)))
    }

    /// After the rows were read through [`Iterator`]: the findings the cells gave, or the
    /// failure that cut the sheet short.
    pub fn finish(mut self) -> Result<Vec<Finding>, ImportError> {
        while self.receive() {}
        self.check()?;
        Ok(std::mem::take(&mut self.findings))
    }
}

impl Iterator for RowStream {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        loop {
            if let Some(row) = self.head.pop_front() {
                return Some(row);
            }
            if !self.receive() {
                return None;
            }
        }
    }
}

impl Drop for RowStream {
    fn drop(&mut self) {
        // a reader that stops early lets the producer see the closed channel and end
        self.rx = None;
        if let Some(handle) = self.producer.take() {
            let _ = handle.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(from: usize, n: usize) -> Vec<Row> {
        (from..from + n)
            .map(|i| Row::new(i, [format!("r{i}")]))
            .collect()
    }

    fn stream_of(total: usize, fail_after: Option<usize>) -> Result<RowStream, ImportError> {
        let (mut producer, rx) = channel();
        let handle = std::thread::spawn(move || {
            for row in rows(1, total) {
                if !producer.push(row) {
                    return;
                }
            }
            producer.finish(fail_after.map_or(Ok(()), |_| {
                Err(Failure::Broken("XML が途中で切れています".into()))
            }));
        });
        RowStream::start("book.xlsx".into(), "Sheet1".into(), rx, handle, 400)
    }

    #[test]
    fn the_head_comes_first_then_every_row_in_order() {
        let stream = stream_of(5000, None).expect("a stream");
        assert!(stream.rows_received() >= 400);
        assert_eq!(stream.sample(3).rows.len(), 3);
        let lines: Vec<usize> = stream.map(|r| r.line).collect();
        assert_eq!(lines, (1..=5000).collect::<Vec<_>>());
    }

    #[test]
    fn a_failure_refuses_the_sheet_by_name() {
        let stream = stream_of(5000, Some(4000)).expect("the head arrives");
        let err = stream.finish().expect_err("a failure");
        assert_eq!(err.key(), "broken-workbook");
        let err = stream_of(10, Some(5)).expect_err("a failure before the head is complete");
        assert!(err.to_string().contains("book.xlsx"), "{err}");
    }

    #[test]
    fn a_reader_may_stop_early() {
        let mut stream = stream_of(100_000, None).expect("a stream");
        assert!(stream.next().is_some());
        drop(stream);
    }

    #[test]
    fn into_grid_gathers_everything() {
        let (grid, findings) = stream_of(3000, None)
            .expect("a stream")
            .into_grid()
            .expect("a grid");
        assert_eq!(grid.rows.len(), 3000);
        assert_eq!(grid.sheet.as_deref(), Some("Sheet1"));
        assert!(findings.is_empty());
    }
}
