//! Language-specific forms the templates need: ordinals for the title ("Onzième",
//! "Eleventh"), made from the edition number rather than typed.

/// The ordinal of `n` in words, lower case (`onzième`, `eleventh`). Languages without
/// words here get digits with the language's suffix (`11.`).
pub fn ordinal(n: u32, lang: &str) -> String {
    match lang {
        "fr" => ordinal_fr(n),
        "en" => ordinal_en(n),
        _ => format!("{n}."),
    }
}

fn ordinal_fr(n: u32) -> String {
    if n == 1 {
        return "premier".into();
    }
    if n >= 1000 {
        return format!("{n}e");
    }
    let cardinal = cardinal_fr(n);
    // The ordinal changes only the last word of the cardinal.
    let (head, last) = match cardinal.rfind(['-', ' ']) {
        Some(i) => (&cardinal[..=i], &cardinal[i + 1..]),
        None => ("", cardinal.as_str()),
    };
    let last = match last {
        "un" => "unième".to_string(),
        "cinq" => "cinquième".to_string(),
        "neuf" => "neuvième".to_string(),
        "vingts" | "cents" => format!("{}ième", &last[..last.len() - 1]),
        w if w.ends_with('e') => format!("{}ième", &w[..w.len() - 1]),
        w => format!("{w}ième"),
    };
    format!("{head}{last}")
}

fn cardinal_fr(n: u32) -> String {
    const UNITS: [&str; 17] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze", "treize", "quatorze", "quinze", "seize",
    ];
    const TENS: [&str; 7] = [
        "",
        "",
        "vingt",
        "trente",
        "quarante",
        "cinquante",
        "soixante",
    ];
    match n {
        0..=16 => UNITS[n as usize].to_string(),
        17..=19 => format!("dix-{}", UNITS[(n - 10) as usize]),
        20..=69 => {
            let (t, u) = (n / 10, n % 10);
            match u {
                0 => TENS[t as usize].to_string(),
                1 => format!("{} et un", TENS[t as usize]),
                _ => format!("{}-{}", TENS[t as usize], UNITS[u as usize]),
            }
        }
        70..=79 => match n {
            71 => "soixante et onze".into(),
            _ => format!("soixante-{}", cardinal_fr(n - 60)),
        },
        80 => "quatre-vingts".into(),
        81..=99 => format!("quatre-vingt-{}", cardinal_fr(n - 80)),
        100 => "cent".into(),
        101..=199 => format!("cent {}", cardinal_fr(n - 100)),
        _ => {
            let (h, r) = (n / 100, n % 100);
            if r == 0 {
                format!("{} cents", cardinal_fr(h))
            } else {
                format!("{} cent {}", cardinal_fr(h), cardinal_fr(r))
            }
        }
    }
}

fn ordinal_en(n: u32) -> String {
    if n >= 100 {
        let suffix = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        return format!("{n}{suffix}");
    }
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let ordinal_word = |w: &str| -> String {
        match w {
            "one" => "first".into(),
            "two" => "second".into(),
            "three" => "third".into(),
            "five" => "fifth".into(),
            "eight" => "eighth".into(),
            "nine" => "ninth".into(),
            "twelve" => "twelfth".into(),
            w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
            w => format!("{w}th"),
        }
    };
    match n {
        0..=19 => ordinal_word(UNITS[n as usize]),
        _ if n.is_multiple_of(10) => ordinal_word(TENS[(n / 10) as usize]),
        _ => format!(
            "{}-{}",
            TENS[(n / 10) as usize],
            ordinal_word(UNITS[(n % 10) as usize])
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::ordinal;

    #[test]
    fn french_ordinals() {
        let cases = [
            (1, "premier"),
            (2, "deuxième"),
            (5, "cinquième"),
            (9, "neuvième"),
            (11, "onzième"),
            (12, "douzième"),
            (17, "dix-septième"),
            (21, "vingt et unième"),
            (30, "trentième"),
            (71, "soixante et onzième"),
            (80, "quatre-vingtième"),
            (81, "quatre-vingt-unième"),
            (99, "quatre-vingt-dix-neuvième"),
            (100, "centième"),
        ];
        for (n, word) in cases {
            assert_eq!(ordinal(n, "fr"), word, "{n}");
        }
    }

    #[test]
    fn english_ordinals() {
        let cases = [
            (1, "first"),
            (2, "second"),
            (3, "third"),
            (11, "eleventh"),
            (12, "twelfth"),
            (20, "twentieth"),
            (21, "twenty-first"),
            (42, "forty-second"),
            (113, "113th"),
        ];
        for (n, word) in cases {
            assert_eq!(ordinal(n, "en"), word, "{n}");
        }
    }
}
