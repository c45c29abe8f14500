//! Lists a page at a time, as Partner Center pages them: at most `size` items, and the key of
//! the item the next page starts after (which the API hands out as a continuation token).

/// How many items a page holds when the request does not say.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// The most items one page may hold.
pub const MAX_PAGE_SIZE: usize = 500;

/// Which part of a list to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// How many items, 1 to [`MAX_PAGE_SIZE`].
    pub size: usize,
    /// Where the page starts.
    pub start: PageStart,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            size: DEFAULT_PAGE_SIZE,
            start: PageStart::At(0),
        }
    }
}

impl PageRequest {
    /// The page of `size` items (the default if `None`) from `start`; `None` for a size
    /// outside 1 to [`MAX_PAGE_SIZE`].
    pub fn new(size: Option<usize>, start: PageStart) -> Option<PageRequest> {
        let size = size.unwrap_or(DEFAULT_PAGE_SIZE);
        (1..=MAX_PAGE_SIZE)
            .contains(&size)
            .then_some(PageRequest { size, start })
    }

    /// The `number`th page (from 1) of `size` items, as a person pages through a table.
    pub fn numbered(number: usize, size: usize) -> PageRequest {
        PageRequest {
            size,
            start: PageStart::At(number.saturating_sub(1).saturating_mul(size)),
        }
    }
}

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStart {
    /// At this position (from 0) of the list as it stands, as a page number counts.
    At(usize),
    /// Just after the item with this key. Walking every page this way meets each item once,
    /// even while items are added before or after the walk's place.
    After(String),
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items, in the list's order.
    pub items: Vec<T>,
    /// The position of the first item in the whole list, from 0.
    pub offset: usize,
    /// How many items the whole list holds.
    pub matching: usize,
    /// The key of the item the next page starts after, if there is a next page.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// The number (from 1) of the page this is, for pages of its size.
    pub fn number(&self, size: usize) -> usize {
        self.offset / size.max(1) + 1
    }

    /// How many pages of `size` the list makes (at least one, even when it is empty).
    pub fn pages(&self, size: usize) -> usize {
        self.matching.div_ceil(size.max(1)).max(1)
    }
}

/// Where the `number`th page (from 1) of `size` items lies in a list of `len`: empty past the
/// end, as the last page's rows end there.
pub fn numbered_range(len: usize, number: usize, size: usize) -> std::ops::Range<usize> {
    let start = number.saturating_sub(1).saturating_mul(size).min(len);
    start..start.saturating_add(size).min(len)
}

/// The `number`th page (from 1) of `list` in pages of [`DEFAULT_PAGE_SIZE`], as a table
/// shows it: empty at the end past the last page. `None` is the whole list as one page, for a
/// download of every row. Numbered pages need no keys, so the page names no next one.
pub fn numbered_page<T>(mut list: Vec<T>, number: Option<usize>) -> Page<T> {
    let matching = list.len();
    let rows = match number {
        Some(number) => numbered_range(matching, number, DEFAULT_PAGE_SIZE),
        None => 0..matching,
    };
    list.truncate(rows.end);
    Page {
        items: list.split_off(rows.start),
        offset: rows.start,
        matching,
        next: None,
    }
}

/// The page `request` asks of `list`, whose items are named by `key`; `None` when the page
/// is to start after a key that names no item of the list (it came from another list, or
/// another filter).
pub fn page_of<T>(
    list: Vec<T>,
    request: &PageRequest,
    key: impl Fn(&T) -> &str,
) -> Option<Page<T>> {
    let matching = list.len();
    let offset = match &request.start {
        PageStart::At(offset) => (*offset).min(matching),
        PageStart::After(named) => list.iter().position(|item| key(item) == named)? + 1,
    };
    let end = offset.saturating_add(request.size).min(matching);
    let next = (end < matching).then(|| key(&list[end - 1]).to_owned());
    let items = list.into_iter().skip(offset).take(end - offset).collect();
    Some(Page {
        items,
        offset,
        matching,
        next,
    })
}

/// The API's continuation token for the item `key` names: the key in hex, so it goes into a
/// URL as it is and says nothing a client should build on.
pub fn continuation_token(key: &str) -> String {
    key.bytes().map(|byte| format!("{byte:02x}")).collect()
}

/// The key a continuation token names; `None` for text that is no token.
pub fn key_of_token(token: &str) -> Option<String> {
    if !token.len().is_multiple_of(2) || !token.is_ascii() {
        return None;
    }
    let bytes = (0..token.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&token[at..at + 2], 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_page_holds_its_rows_and_the_last_ends_with_the_list() {
        assert_eq!(numbered_range(120, 1, 50), 0..50);
        assert_eq!(numbered_range(120, 2, 50), 50..100);
        // The 101st to the 120th: a short last page.
        assert_eq!(numbered_range(120, 3, 50), 100..120);
        // A page past the end (a link kept after the list shrank) is empty, not a panic.
        assert_eq!(numbered_range(120, 4, 50), 120..120);
        assert_eq!(numbered_range(0, 1, 50), 0..0);
        // Page 0 and a number too large to multiply are read as their nearest page.
        assert_eq!(numbered_range(120, 0, 50), 0..50);
        assert_eq!(numbered_range(120, usize::MAX, 50), 120..120);
    }

    #[test]
    fn the_second_numbered_page_starts_at_the_51st_row_one_past_the_end_is_empty_and_none_is_all() {
        let second = numbered_page(names(120), Some(2));
        assert_eq!(second.items.first().unwrap(), "customer 051");
        assert_eq!(second.items.last().unwrap(), "customer 100");
        assert_eq!((second.offset, second.matching), (50, 120));
        let third = numbered_page(names(120), Some(3));
        assert_eq!((third.items.len(), third.offset), (20, 100));
        let past = numbered_page(names(120), Some(4));
        assert_eq!(
            (past.items.len(), past.offset, past.matching),
            (0, 120, 120)
        );
        let whole = numbered_page(names(120), None);
        assert_eq!(
            (whole.items.len(), whole.offset, whole.matching),
            (120, 0, 120)
        );
    }

    fn names(count: usize) -> Vec<String> {
        (1..=count).map(|n| format!("customer {n:03}")).collect()
    }

    fn page(list: Vec<String>, request: &PageRequest) -> Option<Page<String>> {
        page_of(list, request, |name| name.as_str())
    }

    #[test]
    fn the_50th_item_ends_the_first_page_and_the_51st_starts_the_second() {
        let first = page(names(51), &PageRequest::default()).unwrap();
        assert_eq!(first.items.len(), 50);
        assert_eq!(first.items.last().unwrap(), "customer 050");
        assert_eq!((first.offset, first.matching, first.pages(50)), (0, 51, 2));
        let after = PageRequest::new(None, PageStart::After(first.next.unwrap())).unwrap();
        let second = page(names(51), &after).unwrap();
        assert_eq!(second.items, ["customer 051"]);
        assert_eq!(
            (second.offset, second.number(50), second.next),
            (50, 2, None)
        );
    }

    #[test]
    fn a_list_of_exactly_one_page_has_no_next_page() {
        let only = page(names(50), &PageRequest::default()).unwrap();
        assert_eq!((only.items.len(), only.pages(50), only.next), (50, 1, None));
        let empty = page(Vec::new(), &PageRequest::default()).unwrap();
        assert_eq!(
            (empty.items.len(), empty.pages(50), empty.next),
            (0, 1, None)
        );
    }

    #[test]
    fn walking_with_the_token_meets_each_item_once_while_items_are_added() {
        let mut list = names(120);
        let mut request = PageRequest::new(Some(7), PageStart::At(0)).unwrap();
        let mut seen = Vec::new();
        loop {
            let page = page(list.clone(), &request).unwrap();
            seen.extend(page.items);
            // One added before the walk's place and one after it, each page.
            list.insert(0, format!("aaa {}", seen.len()));
            list.push(format!("zzz {}", seen.len()));
            let Some(next) = page.next else { break };
            request.start = PageStart::After(next);
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "no item twice");
        assert!(
            names(120).iter().all(|name| seen.contains(name)),
            "every item"
        );
    }

    #[test]
    fn a_page_number_past_the_end_is_an_empty_page_at_the_end() {
        let past = page(names(10), &PageRequest::numbered(3, 5)).unwrap();
        assert_eq!((past.items.len(), past.offset, past.next), (0, 10, None));
        let last = page(names(10), &PageRequest::numbered(2, 5)).unwrap();
        assert_eq!(last.items.first().unwrap(), "customer 006");
        assert_eq!(last.number(5), 2);
    }

    #[test]
    fn sizes_from_1_to_500_are_taken_and_0_and_501_are_not() {
        for size in [1, MAX_PAGE_SIZE] {
            assert!(PageRequest::new(Some(size), PageStart::At(0)).is_some());
        }
        for size in [0, MAX_PAGE_SIZE + 1] {
            assert_eq!(PageRequest::new(Some(size), PageStart::At(0)), None);
        }
        assert_eq!(PageRequest::new(None, PageStart::At(0)).unwrap().size, 50);
    }

    #[test]
    fn a_token_reads_back_as_its_key_and_text_that_is_no_token_reads_as_none() {
        let token = continuation_token("Müller & Co.");
        assert_eq!(token, "4dc3bc6c6c6572202620436f2e");
        assert_eq!(key_of_token(&token).as_deref(), Some("Müller & Co."));
        for bad in ["abc", "zz", "ff", "é1"] {
            assert_eq!(key_of_token(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_key_that_names_no_item_is_refused() {
        let other = PageRequest::new(None, PageStart::After("nobody".to_owned())).unwrap();
        assert_eq!(page(names(3), &other), None);
    }
}
