package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Whatever a reader or a script sends, the search answers with results
// or says what is wrong: never a 500, never engine syntax errors.
func TestSearch_BadInputPageAndAPI(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID,
		article("Harbor bridge reopens", "Local", published),
		article("100% sure: it's \"done\"", "Local", published))
	long := strings.TrimSpace(strings.Repeat("harbor ", 1430)) // 10,009 characters
	tests := []struct {
		name   string
		query  string // the raw query string, already escaped
		status int
		notice string // part of what the page and the API say; "" for nothing
		found  int    // results; -1 when it does not matter
	}{
		{"10,000 characters of words", "q=" + url.QueryEscape(long), 200, "too long", 1},
		{"10,000 characters of one word", "q=" + strings.Repeat("a", 10_000), 200, "too long", 0},
		{"10,000 accented characters", "q=" + url.QueryEscape(strings.Repeat("é", 10_000)), 200, "too long", 0},
		{"only stop words", "q=the+of+and", 200, "", 0},
		{"stop words found where they stand", "q=full+text+of+the+harbor", 200, "", 0},
		{"unbalanced quote", "q=%22harbor+bridge", 200, "", 1},
		{"quoted phrase", "q=%22done%22", 200, "", 1},
		{"lone quotes", "q=%22%22%22", 200, "Add a word", 0},
		{"NEAR(", "q=NEAR%28harbor", 200, "", 0},
		{"NEAR/2", "q=harbor+NEAR%2F2+bridge", 200, "", 0},
		{"star alone", "q=*", 200, "Add a word", 0},
		{"star prefix", "q=harb*", 200, "", 1},
		{"caret", "q=%5Eharbor", 200, "", 1},
		{"column filter", "q=title%3Aharbor", 200, "", 0},
		{"FTS column set", "q=%7Btitle+content%7D%3A+harbor", 200, "", 0},
		{"AND NOT", "q=harbor+AND+NOT+bridge", 200, "", 0},
		{"SQL injection", "q=harbor%27+OR+1%3D1%3B--", 200, "", 0},
		{"SQL drop", "q=%27%3B+DROP+TABLE+articles%3B--", 200, "", 0},
		{"SQL comment", "q=harbor%2F*+bridge+*%2F", 200, "", 1},
		{"percent", "q=100%25", 200, "", 1},
		{"LIKE wildcards", "q=%5C%5F", 200, "Add a word", 0},
		{"markup", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 200, "", 0},
		{"NUL byte", "q=harbor%00bridge", 200, "", 1},
		{"only NUL bytes", "q=%00%00", 200, "Add a word", 0},
		{"invalid UTF-8", "q=%FF%FEharbor", 200, "", 1},
		{"invalid UTF-8 only", "q=%FF%C0%80", 200, "Add a word", 0},
		{"control characters", "q=harbor%07%1B%5B31m", 200, "", 0},
		{"only an exclusion", "q=-harbor", 200, "Add a word", 0},
		{"dashes", "q=--", 200, "Add a word", 0},
		{"OR alone", "q=OR", 200, "", 0},
		{"OR everywhere", "q=OR+harbor+OR+OR", 200, "", 1},
		{"too many words", "q=" + strings.Repeat("harbor+", 40) + "bridge", 200, "too long", 1},
		{"unknown source", "q=harbor&source=abc", 400, "“abc”", -1},
		{"missing source", "q=harbor&source=99999", 400, "99999", -1},
		{"unknown category", "q=harbor&category=nowhere", 400, "nowhere", -1},
		{"unknown kind", "q=harbor&kind=other", 400, "“other”", -1},
		{"unknown date", "q=harbor&from=yesterday", 400, "“yesterday”", -1},
		{"unknown field", "q=harbor&in=body", 400, "“body”", -1},
		{"unknown sort", "q=harbor&sort=random", 400, "“random”", -1},
		{"filter value with NUL", "q=harbor&kind=orig%00inal", 400, "kind", -1},
		{"filter value invalid UTF-8", "q=harbor&category=%FF", 400, "category", -1},
		{"page not a number", "q=harbor&page=abc", 400, "page", -1},
		{"page zero", "q=harbor&page=0", 400, "page", -1},
		{"page too deep", "q=harbor&page=100000", 400, "page", -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := f.page("/search?"+tc.query, tc.status)
			main := doc.Find("main")
			if tc.status == http.StatusBadRequest && main.Find(`.notice[role="alert"]`).Length() != 1 {
				t.Errorf("page: no alert saying what is wrong: %q", main.Text())
			}
			if tc.notice != "" && !strings.Contains(main.Find(".notice").Text(), tc.notice) {
				t.Errorf("page notices %q, want one saying %q", main.Find(".notice").Text(), tc.notice)
			}
			if tc.found >= 0 {
				if got := main.Find(".results article").Length(); got != tc.found {
					t.Errorf("page: %d results, want %d", got, tc.found)
				}
			}

			var body struct {
				Total  int              `json:"total"`
				Items  []map[string]any `json:"items"`
				Notice string           `json:"notice"`
				Error  string           `json:"error"`
			}
			r := f.get("/api/v1/search?" + tc.query)
			if r.status != tc.status {
				t.Fatalf("API status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if err := json.Unmarshal([]byte(r.body), &body); err != nil {
				t.Fatalf("API answer is not JSON: %v: %q", err, r.body)
			}
			said := body.Notice
			if tc.status == http.StatusBadRequest {
				said = body.Error
				if body.Error == "" || body.Items != nil {
					t.Errorf("API error answer = %s", r.body)
				}
			} else if body.Items == nil || body.Error != "" {
				t.Errorf("API answer = %s", r.body)
			}
			if tc.notice != "" && !strings.Contains(said, tc.notice) {
				t.Errorf("API says %q, want %q", said, tc.notice)
			}
			if tc.found >= 0 && (len(body.Items) != tc.found || body.Total != tc.found) {
				t.Errorf("API: %d items of %d, want %d", len(body.Items), body.Total, tc.found)
			}
		})
	}
	// None of it harmed the index.
	if got := f.page("/search?q=harbor", http.StatusOK).Find("main .results article").Length(); got != 1 {
		t.Errorf("after the bad input, a search for harbor finds %d articles", got)
	}
}
