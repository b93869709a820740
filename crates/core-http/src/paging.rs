//! Offset/limit paging as a `Stream` of items.

use std::future::Future;

use futures::stream::{self, Stream, StreamExt};

use crate::error::Result;

/// Which page to fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Items to skip (`skip`, `offset`).
    pub offset: u64,
    /// Page size, already clamped to the vendor maximum.
    pub limit: u32,
}

/// Turns "fetch the page at `offset` with `limit`" into a stream of items.
///
/// - `page_size` is clamped to `1..=max_page_size`.
/// - Pages are fetched lazily: the next request is sent only when the consumer has taken every
///   item of the current page, so at most one page is held in memory, and `.take(n)` on the
///   stream never fetches more than it needs.
/// - The stream ends after a page shorter than the page size (no extra request for an empty
///   page), or after the first error (which is yielded).
///
/// ```
/// use core_http::paging::{offset_pages, PageRequest};
/// use futures::{StreamExt, TryStreamExt};
///
/// # tokio_test_block_on(async {
/// let data: Vec<u32> = (0..7).collect();
/// let source = data.clone();
/// let items: Vec<u32> = offset_pages(3, 100, 0, move |page: PageRequest| {
///     let source = source.clone();
///     async move {
///         let start = page.offset as usize;
///         Ok(source.iter().skip(start).take(page.limit as usize).copied().collect())
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
    Fut: Future<Output = Result<Vec<T>>> + Send,
{
    let limit = page_size.clamp(1, max_page_size.max(1));
    let state = Some((start_offset, fetch));
    stream::unfold(state, move |state| async move {
        let (offset, mut fetch) = state?;
        match fetch(PageRequest { offset, limit }).await {
            Ok(items) => {
                let got = items.len();
                let next = if got < limit as usize {
                    None
                } else {
                    Some((offset + got as u64, fetch))
                };
                Some((Ok(items), next))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
    .flat_map(|page: Result<Vec<T>>| match page {
        Ok(items) => stream::iter(items.into_iter().map(Ok)).left_stream(),
        Err(e) => stream::iter(vec![Err(e)]).right_stream(),
    })
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
                Ok((p.offset..p.offset + n).collect())
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
                Ok(vec![1, 2])
            } else {
                Err(crate::Error::Timeout)
            }
        })
        .collect()
        .await;
        assert_eq!(out.len(), 3);
        assert!(matches!(out[2], Err(crate::Error::Timeout)));
    }
}
