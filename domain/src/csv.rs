//! CSV as RFC 4180 writes it: rows of fields split by commas, a field in double quotes may hold
//! commas, line breaks and doubled quotes. Read for imports, written for exports.

/// The rows of `text`, each with the line it starts on (from 1); `Err(line)` names the line of
/// a quote that is never closed. A leading byte-order mark and blank lines are skipped.
pub fn read(text: &str) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut row = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        loop {
            match chars.next() {
                None if quoted => return Err(start),
                None => break,
                Some('"') if quoted => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                }
                Some('"') if field.is_empty() => quoted = true,
                Some('\n') if quoted => {
                    line += 1;
                    field.push('\n');
                }
                Some(c) if quoted => field.push(c),
                Some(',') => row.push(std::mem::take(&mut field)),
                Some('\r') if chars.peek() == Some(&'\n') => {}
                Some('\n') => {
                    line += 1;
                    break;
                }
                Some(c) => field.push(c),
            }
        }
        row.push(field);
        if !(row.len() == 1 && row[0].trim().is_empty()) {
            rows.push((start, row));
        }
    }
    Ok(rows)
}

/// One field as CSV writes it: quoted when it holds a comma, a quote or a line break.
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_their_commas_quotes_and_line_breaks() {
        let rows = read("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\n\nlast,\n").unwrap();
        assert_eq!(
            rows,
            vec![
                (1, vec!["a".into(), "b, c".into(), "say \"hi\"".into()]),
                (2, vec!["two\nlines".into(), "x".into()]),
                (5, vec!["last".into(), String::new()]),
            ]
        );
    }

    #[test]
    fn a_quote_never_closed_names_the_line_it_opened_on() {
        assert_eq!(read("name\nok\n\"open,\nstill open"), Err(3));
    }

    #[test]
    fn a_field_is_quoted_only_when_it_must_be_and_reads_back_the_same() {
        for text in ["plain", "a,b", "say \"hi\"", "two\nlines", ""] {
            let written = field(text);
            assert_eq!(
                read(&written)
                    .unwrap_or_default()
                    .first()
                    .map(|r| r.1[0].clone())
                    .unwrap_or_default(),
                text
            );
        }
        assert_eq!(field("plain"), "plain");
    }
}
