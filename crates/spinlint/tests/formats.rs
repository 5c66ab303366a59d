//! Every output format, snapshotted on a small article, and SARIF checked against the schema.

mod common;
use common::*;

const ARTICLE: &str = "fixtures/cases/quotes-nested-unbalanced.txt";

#[test]
fn every_format_snapshot() {
    for format in ["human", "json", "sarif", "github", "junit"] {
        let output = spinlint(&["check", "--format", format, ARTICLE]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let out = stdout(&output).replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("format_{format}"), out);
    }
}

/// The errors of a SARIF log against the official 2.1.0 schema.
fn sarif_schema_errors(sarif: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    validator.iter_errors(sarif).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    for file in ["fixtures/002_d5cb796267d5ed39.txt", "fixtures/cases/interview.txt", ARTICLE] {
        let output = spinlint(&["check", "--format", "sarif", file]);
        let sarif = json(&output);
        let errors = sarif_schema_errors(&sarif);
        assert!(errors.is_empty(), "{file}: {errors:?}");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for result in results {
            assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(sarif["runs"][0]["tool"]["driver"]["rules"][index]["id"], result["ruleId"]);
        }
    }
}

#[test]
fn github_annotations_have_the_documented_shape() {
    let output = spinlint(&["check", "--format", "github", "fixtures/002_d5cb796267d5ed39.txt"]);
    let out = stdout(&output);
    let shape = |l: &str| {
        let Some(rest) = l.strip_prefix("::") else { return false };
        let (command, rest) = rest.split_once(' ').unwrap_or(("", ""));
        ["warning", "error", "notice"].contains(&command)
            && rest.starts_with("file=")
            && rest.contains(",line=")
            && rest.contains(",col=")
            && rest.contains(",endLine=")
            && rest.contains(",endColumn=")
            && rest.contains(",title=")
            && rest.contains("::")
    };
    assert!(!out.is_empty() && out.lines().all(shape), "{out}");
}

#[test]
fn junit_is_well_formed_enough() {
    let output = spinlint(&["check", "--format", "junit", "fixtures/002_d5cb796267d5ed39.txt"]);
    let out = stdout(&output);
    assert!(out.starts_with("<?xml"));
    assert_eq!(out.matches("<testsuite ").count(), out.matches("</testsuite>").count());
    assert_eq!(
        out.matches("<testcase ").count(),
        out.matches("</testcase>").count() + out.matches("/>\n").count() - out.matches("<error ").count()
    );
    assert!(out.contains("<failure message="));
}

/// JSON and GitHub annotations for a pipe are written as the files come, a batch at a time: the
/// bytes are those of the whole report rendered at the end (as a run that writes a baseline
/// renders it), whatever the number of files, with files that fail or are skipped among them.
#[test]
fn formats_written_as_files_come_match_the_whole_report() {
    let dir = TempDir::new("streamed");
    let articles: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(articles.len() >= 5, "the seed articles");
    // More files than one batch of one thread holds, in two folders.
    for index in 0..150 {
        let folder = if index % 3 == 0 { "b" } else { "a" };
        dir.write(&format!("{folder}/{index:03}.md"), &articles[index % articles.len()]);
    }
    dir.write("a/image.md", b"\x89PNG\0\0binary");
    dir.write("a/latin1.md", b"Caf\xe9: there is no evidence.\n");
    dir.write("a/z-latin1.md", b"Caf\xe9 again.\n");
    let root = dir.path().to_str().unwrap();
    let scratch = TempDir::new("streamed-baseline");
    let baseline = scratch.path().join("baseline.json");
    for format in ["json", "github"] {
        let whole = spinlint(&["check", "--format", format, "--write-baseline", baseline.to_str().unwrap(), root]);
        assert_eq!(whole.status.code(), Some(2), "{format}: a file error: {}", stderr(&whole));
        // One thread: batches of 32 files, so several batches on any machine.
        let output = spinlint(&["check", "-j", "1", "--format", format, root]);
        assert_eq!(output.status.code(), Some(2), "{format}: a file error: {}", stderr(&output));
        assert!(output.stdout == whole.stdout, "{format}: the streamed report differs");
        let err = stderr(&output);
        assert!(err.contains("image.md: skipped, a binary file") && err.contains("latin1.md"), "{err}");
    }
    let json = json(&spinlint(&["check", "--format", "json", root]));
    assert_eq!(json["summary"]["files"], 150, "{}", json["summary"]);
}

/// The report written as files come and the report written whole (as with `--write-baseline`)
/// are the same bytes, with standard input among the files, quiet and statistics included; file
/// errors and notes keep the order the files were found in.
#[test]
fn streamed_and_whole_reports_agree_with_every_option() {
    let dir = TempDir::new("streamed-options");
    for (index, article) in ["fixtures/002_d5cb796267d5ed39.txt", "fixtures/cases/interview.txt", ARTICLE]
        .iter()
        .cycle()
        .take(70)
        .enumerate()
    {
        dir.write(&format!("{index:02}.md"), std::fs::read(root().join(article)).unwrap());
    }
    // Named out of order: their errors come in the order they were named.
    let late = dir.write("zz-latin1.txt", b"Caf\xe9 one.\n");
    let early = dir.write("aa-latin1.txt", b"Caf\xe9 two.\n");
    let folder = dir.path().to_str().unwrap();
    let baseline = dir.path().join("written-baseline.json");
    let stdin = "There is no evidence, because none exists, the so-called experts said.\n";
    for format in ["json", "github"] {
        for flags in [&[][..], &["--quiet"], &["--statistics"]] {
            let mut args = vec!["check", "-j", "1", "--format", format];
            args.extend_from_slice(flags);
            args.extend(["-", late.to_str().unwrap(), folder, early.to_str().unwrap()]);
            let streamed = spinlint_in(&args, None, Some(stdin));
            let mut whole_args = args.clone();
            whole_args.extend(["--write-baseline", baseline.to_str().unwrap()]);
            let whole = spinlint_in(&whole_args, None, Some(stdin));
            assert_eq!(streamed.status.code(), Some(2), "{format} {flags:?}: {}", stderr(&streamed));
            assert_eq!(whole.status.code(), streamed.status.code(), "{format} {flags:?}");
            assert!(streamed.stdout == whole.stdout, "{format} {flags:?}: the reports differ");
            let without_baseline_note =
                stderr(&whole).lines().filter(|l| !l.contains("written-baseline")).collect::<Vec<_>>().join("\n");
            assert_eq!(stderr(&streamed).trim_end(), without_baseline_note.trim_end(), "{format} {flags:?}");
            let err = stderr(&streamed);
            let (z, a) = (err.find("zz-latin1.txt").unwrap(), err.find("aa-latin1.txt").unwrap());
            assert!(z < a, "errors in the order the files were named: {err}");
        }
    }
}

/// The concise format: a line per finding, `path:line:column: severity[rule] message`, the same
/// findings and places as the JSON; `--quiet` leaves notes out as everywhere.
#[test]
fn concise_is_a_line_per_finding_at_the_json_places() {
    let concise = stdout(&spinlint(&["check", "--format", "concise", ARTICLE]));
    let report = json(&spinlint(&["check", "--format", "json", ARTICLE]));
    let expected: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}[{}] {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(concise.lines().collect::<Vec<_>>(), expected);
    let quiet = stdout(&spinlint(&["check", "--format", "concise", "--quiet", ARTICLE]));
    assert!(quiet.lines().all(|l| !l.contains(": info[")) && quiet.lines().count() < expected.len());
}

/// The rdjsonl format (reviewdog): a JSON diagnostic per line with the JSON's findings, ranges in
/// 1-based lines and UTF-8 byte columns (the format's unit, unlike the JSON's characters), the
/// rule as the code, the secondary labels as related locations.
#[test]
fn rdjsonl_is_reviewdogs_format_with_byte_columns() {
    let dir = TempDir::new("rdjsonl");
    let text =
        "“Café” — there is no evidence of it.\n\n“The union bears full responsibility,” the minister said on Monday.\n";
    dir.write("a.md", text);
    let run = |format: &str| spinlint_in(&["check", "--format", format, "a.md"], Some(dir.path()), None);
    let report = json(&run("json"));
    let lines: Vec<serde_json::Value> =
        stdout(&run("rdjsonl")).lines().map(|l| serde_json::from_str(l).expect("a JSON object per line")).collect();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(lines.len(), diagnostics.len());
    let line_start = |line: u64| text.split_inclusive('\n').take(line as usize - 1).map(str::len).sum::<usize>();
    let at = |offset: u64| {
        let line = text[..offset as usize].matches('\n').count() as u64 + 1;
        serde_json::json!({ "line": line, "column": offset as usize - line_start(line) + 1 })
    };
    for (rd, d) in lines.iter().zip(diagnostics) {
        assert_eq!(rd["code"]["value"], d["rule"]);
        assert_eq!(rd["severity"], d["severity"].as_str().unwrap().to_uppercase());
        assert_eq!(rd["location"]["path"], "a.md");
        assert_eq!(rd["location"]["range"]["start"], at(d["span"]["start"].as_u64().unwrap()), "{rd}");
        assert_eq!(rd["location"]["range"]["end"], at(d["span"]["end"].as_u64().unwrap()), "{rd}");
        assert!(rd["message"].as_str().unwrap().starts_with(d["message"].as_str().unwrap()));
        assert_eq!(rd["source"]["name"], "spinlint");
        let labels = d["labels"].as_array().unwrap();
        assert_eq!(rd["related_locations"].as_array().unwrap().len(), labels.len());
        for (related, label) in rd["related_locations"].as_array().unwrap().iter().zip(labels) {
            assert_eq!(related["location"]["range"]["start"], at(label["span"]["start"].as_u64().unwrap()));
        }
    }
    let first = &lines[0]["location"]["range"]["start"];
    assert_eq!(first["column"], 26, "after “Café” — (multi-byte): byte 26, character 19");
    assert!(lines.iter().any(|l| !l["related_locations"].as_array().unwrap().is_empty()), "a quotation's speaker");
}

/// The SARIF rule descriptors of every built-in rule (a run on the small article lists them all).
fn sarif_rules() -> Vec<serde_json::Value> {
    let sarif = json(&spinlint(&["check", "--format", "sarif", ARTICLE]));
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().expect("a rules array").clone();
    assert!(rules.len() > 40, "every built-in rule: {}", rules.len());
    rules
}

/// SARIF1001: a rule's `name` is a readable identifier, not its `id` again (`quote-unattributed`
/// is named `QuoteUnattributed`).
#[test]
fn sarif_rule_names_are_pascal_case_and_differ_from_ids() {
    for rule in sarif_rules() {
        let (id, name) = (rule["id"].as_str().unwrap(), rule["name"].as_str().unwrap_or(""));
        assert_ne!(name, id, "{rule}");
        // Built-in ids are lower-case ASCII words joined by hyphens.
        let pascal: String = id.split('-').map(|w| w[..1].to_ascii_uppercase() + &w[1..]).collect();
        assert_eq!(name, pascal, "{id}");
    }
}

/// A rule's description in SARIF is about the rule, not one finding: no `{match}` placeholder of
/// its message template, and no dangling `:` where one was cut.
#[test]
fn sarif_rule_descriptions_have_no_placeholders() {
    for rule in sarif_rules() {
        for description in ["shortDescription", "fullDescription"] {
            let text = rule[description]["text"].as_str().unwrap();
            assert!(!text.is_empty() && !text.contains(['{', '}']), "{} {description}: {text}", rule["id"]);
            assert!(!text.ends_with(':') && !text.contains("  "), "{} {description}: {text}", rule["id"]);
        }
    }
}

/// Every rule says where it is documented (`helpUri`, an absolute URI): a built-in rule spinlint's
/// page, a custom rule the first web address of its `links`; a custom rule without one, nothing.
#[test]
fn sarif_rules_link_to_their_documentation() {
    for rule in sarif_rules() {
        assert_eq!(rule["helpUri"], "https://crates.io/crates/spinlint", "{}", rule["id"]);
    }
    let dir = TempDir::new("sarif-help-uri");
    let rule = |id: &str, links: &str| {
        format!("[[rule]]\nid = \"{id}\"\ncategory = \"doubt\"\nseverity = \"warning\"\nmessage = \"m `{{match}}`\"\nhelp = \"h\"\npatterns = [\"house words\"]\n{links}\n")
    };
    let rules = [
        rule("house-linked", "links = [\"see the style guide\", \"https://example.org/style#house-words\"]"),
        rule("house-unlinked", "links = [\"the style guide, page 4\"]"),
    ];
    dir.write("rules/house.toml", rules.concat());
    let article = dir.write("a.txt", "These are house words.\n");
    let rules_dir = dir.path().join("rules");
    let output =
        spinlint(&["check", "--format", "sarif", "--rules", rules_dir.to_str().unwrap(), article.to_str().unwrap()]);
    let sarif = json(&output);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let by_id = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("{id} is listed"));
    assert_eq!(by_id("house-linked")["helpUri"], "https://example.org/style#house-words");
    assert!(by_id("house-unlinked").get("helpUri").is_none(), "{}", by_id("house-unlinked"));
}

/// A finding's secondary labels (the unnamed source a quotation is attributed to, the speaker of
/// an attributed one) are SARIF related locations, at the places the JSON gives them, each
/// linked from the result's message as `[label](id)`.
#[test]
fn sarif_related_locations_are_the_findings_labels() {
    let mut labels_seen = 0;
    for file in ["fixtures/cases/interview.txt", ARTICLE] {
        let sarif = json(&spinlint(&["check", "--format", "sarif", file]));
        let report = json(&spinlint(&["check", "--format", "json", file]));
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let diagnostics = report["diagnostics"].as_array().unwrap();
        assert_eq!(results.len(), diagnostics.len(), "{file}");
        for (result, diagnostic) in results.iter().zip(diagnostics) {
            let labels = diagnostic["labels"].as_array().unwrap();
            let Some(related) = result.get("relatedLocations") else {
                assert!(labels.is_empty(), "{file}: labels left out: {result}");
                continue;
            };
            let related = related.as_array().unwrap();
            assert_eq!(related.len(), labels.len(), "{file}: {result}");
            let primary = &result["locations"][0]["physicalLocation"];
            let message = result["message"]["text"].as_str().unwrap();
            for ((location, label), id) in related.iter().zip(labels).zip(1..) {
                assert_eq!(location["id"], id);
                assert_eq!(location["message"]["text"], label["message"]);
                let place = &location["physicalLocation"];
                assert_eq!(place["artifactLocation"], primary["artifactLocation"]);
                assert_eq!(place["region"]["startLine"], label["line"]);
                assert_eq!(place["region"]["startColumn"], label["column"]);
                assert_eq!(place["region"]["byteOffset"], label["span"]["start"]);
                let length = label["span"]["end"].as_u64().unwrap() - label["span"]["start"].as_u64().unwrap();
                assert_eq!(place["region"]["byteLength"], length);
                let link = format!("[{}]({id})", label["message"].as_str().unwrap());
                assert!(message.contains(&link), "{message} links {link}");
                labels_seen += 1;
            }
        }
    }
    assert!(labels_seen >= 2, "the articles have labelled findings: {labels_seen}");
}

/// A file path as a SARIF artifact URI is RFC 3986: a space, `#` and a non-ASCII letter are
/// percent-encoded (`é` as its UTF-8 bytes), an absolute path is a `file:///` URI, a relative one
/// stays relative to the folder spinlint ran in (`uriBaseId`), a file error's location too.
#[test]
fn sarif_artifact_uris_are_rfc_3986() {
    let dir = TempDir::new("sarif-uri");
    let draft = dir.write("dir é/my draft #1.md", "There is no evidence of fraud, the so-called experts said.\n");
    let unreadable = dir.write("dir é/latin1 #2.md", b"Caf\xe9: there is no evidence.\n");
    let encoded = "dir%20%C3%A9/my%20draft%20%231.md";
    let uris = |sarif: &serde_json::Value| -> Vec<serde_json::Value> {
        let run = &sarif["runs"][0];
        let results = run["results"].as_array().unwrap().iter().map(|r| &r["locations"][0]["physicalLocation"]);
        let errors = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap().iter();
        results
            .chain(errors.map(|n| &n["locations"][0]["physicalLocation"]))
            .map(|p| p["artifactLocation"].clone())
            .collect()
    };

    let absolute =
        json(&spinlint(&["check", "--format", "sarif", draft.to_str().unwrap(), unreadable.to_str().unwrap()]));
    assert_eq!(sarif_schema_errors(&absolute), Vec::<String>::new());
    let folder = dir.path().to_str().unwrap();
    assert!(
        folder.starts_with('/') && folder.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b)),
        "{folder}"
    );
    let locations = uris(&absolute);
    assert!(locations.len() >= 2, "a finding and the file error: {absolute}");
    let (last, findings) = locations.split_last().unwrap();
    for location in findings {
        assert_eq!(location, &serde_json::json!({ "uri": format!("file://{folder}/{encoded}") }));
    }
    assert_eq!(last, &serde_json::json!({ "uri": format!("file://{folder}/dir%20%C3%A9/latin1%20%232.md") }));

    let relative =
        json(&spinlint_in(&["check", "--format", "sarif", "./dir é/my draft #1.md"], Some(dir.path()), None));
    assert_eq!(sarif_schema_errors(&relative), Vec::<String>::new());
    let locations = uris(&relative);
    assert!(!locations.is_empty());
    for location in locations {
        assert_eq!(location, serde_json::json!({ "uri": encoded, "uriBaseId": "%SRCROOT%" }));
    }
}
