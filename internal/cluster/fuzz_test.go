package cluster

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzAdd feeds arbitrary documents to one engine: it must never panic,
// hand out a story to a doc and a lead within it, and keep its counts
// consistent.
func FuzzAdd(f *testing.F) {
	f.Add("Mayor opens bridge", "The mayor of Port Alder opened the new bridge on Monday.", "a", int64(1718000000))
	f.Add("", "", "", int64(0))
	f.Add("BREAKING: ALL CAPS", strings.Repeat("word ", 3000), "b", int64(-62135596800))
	f.Add("\xff\xfe", "東京 ünïcödé ß ﬁ Ω", "", int64(1<<62))
	f.Add("Title only", "", "c", int64(253402300799))
	e := New(Config{Window: time.Hour, MaxOpenDocs: 500})
	var id int64
	f.Fuzz(func(t *testing.T, title, text, source string, unix int64) {
		id++
		d := Doc{ID: id, Title: title, Text: text, Source: source, Published: time.Unix(unix, 0)}
		a := e.Add(d)
		if a.ID != id || a.Story < 0 {
			t.Fatalf("assignment %+v", a)
		}
		if a.Story != 0 && a.Lead == 0 {
			t.Fatalf("story %d without a lead", a.Story)
		}
		if a.NearDupOf == id {
			t.Fatalf("doc is a near duplicate of itself")
		}
		st := e.Stats()
		if st.LiveDocs+int(st.EvictedDocs) != int(st.Added+st.Restored-st.Alone) {
			t.Fatalf("counts: %+v", st)
		}
	})
}

// FuzzEval runs Eval on arbitrary input: an error, or one output line
// per non-blank input line.
func FuzzEval(f *testing.F) {
	f.Add(`{"id":1,"title":"A","text":"b","published_at":"2024-06-01T00:00:00Z"}` + "\n" + `{"id":"x"}`)
	f.Add("\n\n")
	f.Add(`{"id":[1]}`)
	f.Add(`{"id":1e400,"published_at":"9999-99-99"}`)
	f.Fuzz(func(t *testing.T, input string) {
		var out bytes.Buffer
		err := Eval(strings.NewReader(input), &out, Config{})
		if err != nil {
			if out.Len() != 0 {
				t.Fatalf("wrote output and failed: %v", err)
			}
			return
		}
		want := 0
		for _, line := range strings.Split(input, "\n") {
			if strings.TrimSpace(line) != "" {
				want++
			}
		}
		if got := strings.Count(out.String(), "\n"); got != want {
			t.Fatalf("%d output lines for %d input lines", got, want)
		}
	})
}
