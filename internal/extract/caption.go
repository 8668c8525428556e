package extract

// CaptionCredit returns whom a picture's caption credits: "Harbor at dawn.
// Photo: Jane Doe / Ledger" gives "Jane Doe / Ledger". It returns "" when
// the caption names nobody. Ingest uses it on figures found in feed
// content, so feeds and pages credit photographers the same way.
func CaptionCredit(caption string) string {
	text := collapse(caption)
	loc := creditMarker.FindAllStringIndex(text, -1)
	if len(loc) == 0 {
		return ""
	}
	// The last marker wins: captions describe first and credit last.
	return cleanCredit(text[loc[len(loc)-1][1]:])
}
