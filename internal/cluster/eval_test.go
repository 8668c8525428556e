package cluster

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// evalLines runs Eval and returns its output lines, decoded.
func evalLines(t *testing.T, input string) []map[string]json.RawMessage {
	t.Helper()
	var out bytes.Buffer
	if err := Eval(strings.NewReader(input), &out, Config{}); err != nil {
		t.Fatalf("Eval: %v", err)
	}
	var rows []map[string]json.RawMessage
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var row map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		rows = append(rows, row)
	}
	return rows
}

// articleLine is one input line for a demo-like article.
func articleLine(id any, title, text, source, published string) string {
	b, _ := json.Marshal(map[string]any{"id": id, "title": title, "text": text, "source": source,
		"url": "https://example.org/" + source, "published_at": published})
	return string(b)
}

func TestEval_EchoesIDsInInputOrder(t *testing.T) {
	evs := coverage(t, 1, 3)
	ids := []any{"a\"b", json.Number("12345678901234567890"), json.Number("-3.5e2"), "ü"}
	var in []string
	for i, id := range ids {
		a := evs[i][0]
		in = append(in, articleLine(id, a.Title, strings.Join(a.Paragraphs, "\n\n"), a.Outlet, a.Published.Format(time.RFC3339)))
	}
	rows := evalLines(t, strings.Join(in, "\n")+"\n\n")
	if len(rows) != len(ids) {
		t.Fatalf("%d output lines for %d inputs", len(rows), len(ids))
	}
	for i, id := range ids {
		want, _ := json.Marshal(id)
		if string(rows[i]["id"]) != string(want) {
			t.Errorf("line %d: id %s, want %s", i+1, rows[i]["id"], want)
		}
		if string(rows[i]["story"]) == "0" {
			t.Errorf("line %d: left alone", i+1)
		}
	}
}

func TestEval_FeedsInPublicationOrder(t *testing.T) {
	evs := coverage(t, 2, 3)
	early, late := evs[0][0], evs[1][0]
	in := articleLine(1, late.Title, strings.Join(late.Paragraphs, " "), late.Outlet, "2024-06-20T10:00:00Z") + "\n" +
		articleLine(2, early.Title, strings.Join(early.Paragraphs, " "), early.Outlet, "2024-06-19T10:00:00+02:00") + "\n" +
		articleLine(3, "", "", "x", "") + "\n"
	rows := evalLines(t, in)
	if got := [3]string{string(rows[0]["story"]), string(rows[1]["story"]), string(rows[2]["story"])}; got != [3]string{"2", "1", "0"} {
		t.Errorf("stories %v; want the earlier article first (2 1 0)", got)
	}
}

func TestEval_UndatedAndMisdatedRowsAreClustered(t *testing.T) {
	ev := coverage(t, 3, 4)[0]
	dates := []string{ev[0].Published.Format(time.RFC3339), "", "not a date", "2199-01-01T00:00:00Z"}
	var in []string
	for i, a := range ev[:4] {
		in = append(in, articleLine(fmt.Sprint(i), a.Title, strings.Join(a.Paragraphs, "\n\n"), a.Outlet, dates[i]))
	}
	rows := evalLines(t, strings.Join(in, "\n"))
	for i, row := range rows {
		if string(row["story"]) != string(rows[0]["story"]) {
			t.Errorf("row %d (date %q): story %s, want %s", i, dates[i], row["story"], rows[0]["story"])
		}
	}
}

func TestEval_ReportsNearDuplicates(t *testing.T) {
	a := coverage(t, 4, 3)[0][0]
	body := strings.Join(a.Paragraphs, "\n\n")
	in := articleLine("orig", a.Title, body, "wire", "2024-06-20T10:00:00Z") + "\n" +
		articleLine("copy", "Another headline entirely", "Updated.\n\n"+body, "paper", "2024-06-20T11:00:00Z") + "\n"
	rows := evalLines(t, in)
	if string(rows[1]["near_dup_of"]) != `"orig"` || string(rows[1]["story"]) != string(rows[0]["story"]) {
		t.Errorf("copy: %s", fmt.Sprint(rows[1]))
	}
	if _, ok := rows[0]["near_dup_of"]; ok {
		t.Errorf("original marked as a near duplicate: %v", rows[0])
	}
}

func TestEval_BadLinesFailWithTheirNumber(t *testing.T) {
	good := articleLine(1, "Title", "text", "s", "")
	for _, tc := range []struct {
		name, input, want string
	}{
		{"not JSON", good + "\n\n{oops\n", "line 3"},
		{"not an object", good + "\n[1,2]\n", "line 2: not a JSON object"},
		{"no id", `{"title":"x"}`, `line 1: missing "id"`},
		{"id an object", good + "\n" + `{"id":{"a":1}}`, `line 2: "id" must be a string or a number`},
		{"id null", `{"id":null}`, `line 1: "id" must be a string or a number`},
		{"wrong type", `{"id":1,"title":5}`, "line 1"},
		{"too long", good + "\n" + `{"id":1,"text":"` + strings.Repeat("a", MaxEvalLine) + `"}`, "line 2: longer than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Eval(strings.NewReader(tc.input), &out, Config{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrEvalInput) {
				t.Fatalf("error %v, want ErrEvalInput mentioning %q", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", out.Len())
			}
		})
	}
}

func TestEval_EmptyInput(t *testing.T) {
	var out bytes.Buffer
	if err := Eval(strings.NewReader("\n  \n"), &out, Config{}); err != nil || out.Len() != 0 {
		t.Errorf("empty input: %v, %q", err, out.String())
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEval_WriteErrorIsReturned(t *testing.T) {
	err := Eval(strings.NewReader(articleLine(1, "A title here", "Some text", "s", "")), failWriter{}, Config{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("error %v, want the write error", err)
	}
}
