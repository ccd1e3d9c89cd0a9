//! Prints what marsad reads from a saved page: `cargo run -p marsad-html --example read_page FILE [CONTENT-TYPE]`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: read_page FILE [CONTENT-TYPE]")?;
    let content_type = args.next();
    let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
    let page = marsad_html::read_page(&bytes, content_type.as_deref());
    println!("title: {:?}\npublished: {:?}\nsite: {:?}\ncanonical: {:?}", page.title, page.published, page.site_name, page.canonical_url);
    println!("encoding: {} ({:?}), extraction: {:?}\n---\n{}", page.encoding, page.charset_source, page.extraction, page.text);
    Ok(())
}
