//! Offset/limit paging as a `Stream` of items.

use std::future::Future;

use futures::stream::{self, Stream, StreamExt};

use crate::error::{Error, Result};

/// Which page to fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Items to skip (`skip`, `offset`).
    pub offset: u64,
    /// Page size, already clamped to the vendor maximum.
    pub limit: u32,
}

/// One fetched page: its items and a fingerprint of the bytes they were decoded from, by
/// which [`offset_pages`] notices a server that answers the same page again.
///
/// Build it from a response with [`Response::json_page`](crate::Response::json_page) or
/// [`RequestBuilder::send_page`](crate::RequestBuilder::send_page), or with
/// [`Page::from_raw`] from the raw body.
#[derive(Clone, Debug)]
pub struct Page<T> {
    items: Vec<T>,
    fingerprint: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `items` decoded from `raw` (the response body), fingerprinted.
    pub fn from_raw(items: Vec<T>, raw: &[u8]) -> Self {
        Page {
            items,
            fingerprint: Some(fingerprint(raw)),
        }
    }

    /// A page with a fingerprint computed by the caller (equal fingerprints mean "the same
    /// page").
    pub fn with_fingerprint(items: Vec<T>, fingerprint: u64) -> Self {
        Page {
            items,
            fingerprint: Some(fingerprint),
        }
    }

    /// A page without fingerprint: a repeated page cannot be noticed (use it only for
    /// sources that cannot repeat, such as in-memory data).
    pub fn unfingerprinted(items: Vec<T>) -> Self {
        Page {
            items,
            fingerprint: None,
        }
    }

    /// The items.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items, by value.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The fingerprint, when there is one.
    pub fn fingerprint(&self) -> Option<u64> {
        self.fingerprint
    }
}

/// A 64-bit fingerprint of raw page bytes (SipHash with fixed keys, and the length).
fn fingerprint(raw: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write(raw);
    h.write_usize(raw.len());
    h.finish()
}

/// Why a paged stream ended with [`Error::Paging`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingStop {
    /// The server answered a full page identical to the previous one: it ignores the offset
    /// (or is stuck), and paging on would never end.
    RepeatedPage,
    /// [`OffsetPages::max_pages`] pages were received and the last one was full.
    PageCap(u64),
    /// [`OffsetPages::max_items`] items were yielded and the server may have more.
    ItemCap(u64),
}

impl std::fmt::Display for PagingStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PagingStop::RepeatedPage => {
                f.write_str("the server repeated the previous page (it ignores the offset)")
            }
            PagingStop::PageCap(n) => write!(f, "page cap of {n} pages reached"),
            PagingStop::ItemCap(n) => write!(f, "item cap of {n} items reached"),
        }
    }
}

/// Offset/limit paging with optional caps; [`offset_pages`] is the uncapped shorthand.
///
/// ```
/// use core_http::paging::{OffsetPages, Page, PageRequest};
/// use futures::StreamExt;
///
/// # tokio_test_block_on(async {
/// // A server that ignores the offset: the same full page forever.
/// let results: Vec<_> = OffsetPages::new(2, 100, 0)
///     .max_pages(1000)
///     .stream(|_page: PageRequest| async { Ok(Page::from_raw(vec![1, 2], b"[1,2]")) })
///     .collect()
///     .await;
/// assert_eq!(results.len(), 3);
/// assert!(matches!(results[2], Err(core_http::Error::Paging { .. })));
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct OffsetPages {
    limit: u32,
    start_offset: u64,
    max_pages: Option<u64>,
    max_items: Option<u64>,
}

impl OffsetPages {
    /// Pages of `page_size` (clamped to `1..=max_page_size`) from `start_offset`, no caps.
    pub fn new(page_size: u32, max_page_size: u32, start_offset: u64) -> Self {
        OffsetPages {
            limit: page_size.clamp(1, max_page_size.max(1)),
            start_offset,
            max_pages: None,
            max_items: None,
        }
    }

    /// Fetches at most `pages` pages; when the last of them was full, the stream ends with
    /// [`PagingStop::PageCap`].
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Yields at most `items` items; when the server may have more, the stream ends with
    /// [`PagingStop::ItemCap`].
    pub fn max_items(mut self, items: u64) -> Self {
        self.max_items = Some(items);
        self
    }

    /// The stream over every item; see [`offset_pages`] for the paging rules.
    pub fn stream<T, F, Fut>(self, fetch: F) -> impl Stream<Item = Result<T>> + Send
    where
        T: Send + 'static,
        F: FnMut(PageRequest) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Page<T>>> + Send,
    {
        let config = self;
        let state = Step::Fetch(Cursor {
            offset: config.start_offset,
            pages: 0,
            items: 0,
            last: None,
            fetch,
        });
        stream::unfold(state, move |state| async move {
            let mut cursor = match state {
                Step::Fetch(cursor) => cursor,
                Step::Fail(err) => return Some((Err(err), Step::Done)),
                Step::Done => return None,
            };
            let request = PageRequest {
                offset: cursor.offset,
                limit: config.limit,
            };
            let page = match (cursor.fetch)(request).await {
                Ok(page) => page,
                Err(e) => return Some((Err(e), Step::Done)),
            };
            let stop = |reason| Error::Paging {
                offset: request.offset,
                pages: cursor.pages,
                reason,
            };
            if page.fingerprint.is_some() && page.fingerprint == cursor.last {
                return Some((Err(stop(PagingStop::RepeatedPage)), Step::Done));
            }
            cursor.pages += 1;
            let mut items = page.items;
            let full = items.len() >= config.limit as usize;
            let mut next_error = None;
            if let Some(cap) = config.max_items {
                let room = cap.saturating_sub(cursor.items);
                if items.len() as u64 > room {
                    items.truncate(usize::try_from(room).unwrap_or(usize::MAX));
                    next_error = Some(PagingStop::ItemCap(cap));
                } else if full && items.len() as u64 == room {
                    next_error = Some(PagingStop::ItemCap(cap));
                }
            }
            if next_error.is_none()
                && full
                && let Some(cap) = config.max_pages
                && cursor.pages >= cap
            {
                next_error = Some(PagingStop::PageCap(cap));
            }
            cursor.items = cursor.items.saturating_add(items.len() as u64);
            let next_offset = request.offset.saturating_add(items.len() as u64);
            let next = match next_error {
                Some(reason) => Step::Fail(Error::Paging {
                    offset: next_offset,
                    pages: cursor.pages,
                    reason,
                }),
                None if full => {
                    cursor.offset = next_offset;
                    cursor.last = page.fingerprint;
                    Step::Fetch(cursor)
                }
                None => Step::Done,
            };
            Some((Ok(items), next))
        })
        .flat_map(|page: Result<Vec<T>>| match page {
            Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
            Err(e) => stream::iter(vec![Err(e)]).right_stream(),
        })
    }
}

/// Where the paging stream is.
struct Cursor<F> {
    offset: u64,
    pages: u64,
    items: u64,
    last: Option<u64>,
    fetch: F,
}

/// What the paging stream does next.
enum Step<F> {
    Fetch(Cursor<F>),
    Fail(Error),
    Done,
}

/// Turns "fetch the page at `offset` with `limit`" into a stream of items.
///
/// - `page_size` is clamped to `1..=max_page_size`.
/// - Pages are fetched lazily: the next request is sent only when the consumer has taken every
///   item of the current page, so at most one page is held in memory, and `.take(n)` on the
///   stream never fetches more than it needs.
/// - The stream ends after a page shorter than the page size (no extra request for an empty
///   page), or after the first error (which is yielded).
/// - A full page whose fingerprint equals the previous page's ends the stream with
///   [`Error::Paging`] ([`PagingStop::RepeatedPage`]); its items are
///   not yielded again. Caps on pages or items: [`OffsetPages`].
///
/// ```
/// use core_http::paging::{offset_pages, Page, PageRequest};
/// use futures::{StreamExt, TryStreamExt};
///
/// # tokio_test_block_on(async {
/// let data: Vec<u32> = (0..7).collect();
/// let source = data.clone();
/// let items: Vec<u32> = offset_pages(3, 100, 0, move |page: PageRequest| {
///     let source = source.clone();
///     async move {
///         let start = page.offset as usize;
///         let items = source.iter().skip(start).take(page.limit as usize).copied().collect();
///         Ok(Page::unfingerprinted(items))
///     }
/// })
/// .try_collect()
/// .await?;
/// assert_eq!(items, data);
/// # Ok::<(), core_http::Error>(())
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
pub fn offset_pages<T, F, Fut>(
    page_size: u32,
    max_page_size: u32,
    start_offset: u64,
    fetch: F,
) -> impl Stream<Item = Result<T>> + Send
where
    T: Send + 'static,
    F: FnMut(PageRequest) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>>> + Send,
{
    OffsetPages::new(page_size, max_page_size, start_offset).stream(fetch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::TryStreamExt;
    use std::sync::{Arc, Mutex};

    #[tokio::test]
    async fn stops_after_short_page_and_clamps() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = calls.clone();
        let items: Vec<u64> = offset_pages(500, 100, 0, move |p: PageRequest| {
            seen.lock().unwrap().push(p);
            async move {
                let n = if p.offset < 300 { p.limit as u64 } else { 42 };
                Ok(Page::unfingerprinted((p.offset..p.offset + n).collect()))
            }
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!(items, (0..342).collect::<Vec<_>>());
        let calls = calls.lock().unwrap();
        assert_eq!(calls.len(), 4);
        assert!(calls.iter().all(|p| p.limit == 100));
    }

    #[tokio::test]
    async fn error_ends_the_stream() {
        let out: Vec<Result<u8>> = offset_pages(2, 2, 0, |p: PageRequest| async move {
            if p.offset == 0 {
                Ok(Page::unfingerprinted(vec![1, 2]))
            } else {
                Err(crate::Error::Timeout)
            }
        })
        .collect()
        .await;
        assert_eq!(out.len(), 3);
        assert!(matches!(out[2], Err(crate::Error::Timeout)));
    }

    /// A server that ignores the offset: the same full page forever.
    fn stuck(
        calls: Arc<Mutex<u32>>,
    ) -> impl FnMut(PageRequest) -> futures::future::Ready<Result<Page<u8>>> {
        move |_p| {
            *calls.lock().unwrap() += 1;
            futures::future::ready(Ok(Page::from_raw(vec![1, 2], b"[1,2]")))
        }
    }

    #[tokio::test]
    async fn a_repeated_page_ends_the_stream() {
        let calls = Arc::new(Mutex::new(0));
        let out: Vec<Result<u8>> = offset_pages(2, 2, 0, stuck(calls.clone())).collect().await;
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(matches!(out[0], Ok(1)) && matches!(out[1], Ok(2)));
        match &out[2] {
            Err(crate::Error::Paging {
                offset,
                pages,
                reason,
            }) => {
                assert_eq!((*offset, *pages), (2, 1));
                assert_eq!(*reason, PagingStop::RepeatedPage);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(*calls.lock().unwrap(), 2);
    }

    #[tokio::test]
    async fn different_pages_with_same_items_are_not_a_repeat() {
        // Fingerprints of the raw bytes, not of the items: distinct bodies page on.
        let out: Vec<u8> = offset_pages(1, 1, 0, |p: PageRequest| async move {
            let raw = format!("[{{\"at\":{}}}]", p.offset);
            let items = if p.offset < 3 { vec![7] } else { vec![] };
            Ok(Page::from_raw(items, raw.as_bytes()))
        })
        .try_collect()
        .await
        .unwrap();
        assert_eq!(out, vec![7, 7, 7]);
    }

    #[tokio::test]
    async fn page_and_item_caps_end_with_an_error() {
        let numbers = |p: PageRequest| async move {
            let items: Vec<u64> = (p.offset..p.offset + u64::from(p.limit)).collect();
            let raw = format!("{items:?}");
            Ok(Page::from_raw(items, raw.as_bytes()))
        };
        let out: Vec<Result<u64>> = OffsetPages::new(10, 100, 0)
            .max_pages(3)
            .stream(numbers)
            .collect()
            .await;
        assert_eq!(out.len(), 31);
        assert!(matches!(
            out[30],
            Err(crate::Error::Paging {
                offset: 30,
                pages: 3,
                reason: PagingStop::PageCap(3)
            })
        ));

        let out: Vec<Result<u64>> = OffsetPages::new(10, 100, 0)
            .max_items(25)
            .stream(numbers)
            .collect()
            .await;
        assert_eq!(out.len(), 26);
        assert!(out[..25].iter().all(Result::is_ok));
        assert!(matches!(
            out[25],
            Err(crate::Error::Paging {
                reason: PagingStop::ItemCap(25),
                ..
            })
        ));
    }

    #[tokio::test]
    async fn caps_are_silent_when_the_list_ends_in_time() {
        let out: Vec<u64> = OffsetPages::new(10, 100, 0)
            .max_pages(2)
            .max_items(15)
            .stream(|p: PageRequest| async move {
                let items: Vec<u64> = (p.offset..15.min(p.offset + 10)).collect();
                Ok(Page::unfingerprinted(items))
            })
            .try_collect()
            .await
            .unwrap();
        assert_eq!(out, (0..15).collect::<Vec<_>>());
    }
}
