package cluster

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
)

// MaxEvalLine is the longest input line Eval accepts, in bytes.
const MaxEvalLine = 16 << 20

// plausibleSpan is how far from the median date of an evaluation file a
// date may lie and still order its row; rows dated further off are
// ordered as if undated (see Eval).
const plausibleSpan = 366 * 24 * time.Hour

// evalRow is one input line of Eval.
type evalRow struct {
	ID          json.RawMessage `json:"id"`
	Title       string          `json:"title"`
	Text        string          `json:"text"`
	Source      string          `json:"source"`
	URL         string          `json:"url"`
	PublishedAt string          `json:"published_at"`
}

// evalOut is one output line of Eval.
type evalOut struct {
	ID        json.RawMessage `json:"id"`
	Story     int64           `json:"story"`
	NearDupOf json.RawMessage `json:"near_dup_of,omitempty"`
}

// ErrEvalInput is wrapped by Eval's errors about its input.
var ErrEvalInput = errors.New("stories eval: bad input")

// Eval runs the production engine over articles read from r, one JSON
// object a line with the fields id (a string or a number, echoed back as
// given), title, text, source, url and published_at (RFC 3339), and writes
// to w one line {"id":…,"story":N} per input line, in input order, where N
// is the article's final story (after any merges; 0 when the article was
// left alone). A near duplicate also carries "near_dup_of": the id of the
// earlier copy. Blank lines are skipped.
//
// Articles are fed to the engine in order of publication, ties in input
// order. An article with no date, a date that does not parse, or a date
// more than a year from the file's median date is fed right after the
// dated line before it in the file (first when there is none), and the
// engine files it at its clock. A missing source is taken from the URL's
// host.
//
// Any line that is not a JSON object with an id fails the whole run, with
// an error naming the line, before anything is written: a measurement
// that silently skipped input would not measure the file given.
func Eval(r io.Reader, w io.Writer, cfg Config) error {
	rows, err := readRows(r)
	if err != nil {
		return err
	}
	times := make([]time.Time, len(rows))
	for i, row := range rows {
		times[i] = parseTime(row.PublishedAt)
	}
	order := feedOrder(times)
	e := New(cfg)
	story := make([]int64, len(rows))
	dupOf := make([]int64, len(rows))
	parent := map[int64]int64{}
	for _, i := range order {
		row := rows[i]
		a := e.Add(Doc{
			ID:        int64(i) + 1,
			Title:     row.Title,
			Text:      row.Text,
			Source:    sourceOf(row),
			Published: times[i],
		})
		story[i], dupOf[i] = a.Story, a.NearDupOf
		for _, m := range a.Merged {
			parent[m] = a.Story
		}
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for i, row := range rows {
		out := evalOut{ID: row.ID, Story: find(parent, story[i])}
		if dupOf[i] > 0 {
			out.NearDupOf = rows[dupOf[i]-1].ID
		}
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("stories eval: write: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("stories eval: write: %w", err)
	}
	return nil
}

// readRows reads and checks every line of the input.
func readRows(r io.Reader) ([]evalRow, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxEvalLine)
	var rows []evalRow
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var row evalRow
		if b[0] != '{' {
			return nil, fmt.Errorf("%w: line %d: not a JSON object", ErrEvalInput, line)
		}
		if err := json.Unmarshal(b, &row); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrEvalInput, line, err)
		}
		if err := checkID(row.ID); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrEvalInput, line, err)
		}
		row.ID = slices.Clone(row.ID)
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%w: line %d: longer than %d bytes", ErrEvalInput, line+1, MaxEvalLine)
		}
		return nil, fmt.Errorf("stories eval: read: %w", err)
	}
	return rows, nil
}

// checkID accepts an id that is a JSON string or number.
func checkID(id json.RawMessage) error {
	if len(id) == 0 {
		return errors.New(`missing "id"`)
	}
	switch id[0] {
	case '"':
		return nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return nil
	}
	return fmt.Errorf(`"id" must be a string or a number, not %s`, clip(string(id), 40))
}

// parseTime reads an RFC 3339 time; anything else is no time.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// feedOrder returns the row indexes in the order Eval feeds them: by
// date, undated and implausibly dated rows right after the dated row
// before them in the file. It clears the implausible dates in times.
func feedOrder(times []time.Time) []int {
	var dated []time.Time
	for _, t := range times {
		if !t.IsZero() {
			dated = append(dated, t)
		}
	}
	var median time.Time
	if len(dated) > 0 {
		slices.SortFunc(dated, func(a, b time.Time) int { return a.Compare(b) })
		median = dated[(len(dated)-1)/2]
	}
	keys := make([]time.Time, len(times))
	var prev time.Time // the key of the last plausibly dated row
	for i, t := range times {
		if t.IsZero() || t.Sub(median).Abs() > plausibleSpan {
			times[i] = time.Time{} // the engine files it at its clock
		} else {
			prev = t
		}
		keys[i] = prev
	}
	order := make([]int, len(times))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return keys[a].Compare(keys[b]) })
	return order
}

// sourceOf is the row's source, or its URL's host when it has none.
func sourceOf(row evalRow) string {
	if row.Source != "" {
		return row.Source
	}
	if u, err := url.Parse(row.URL); err == nil {
		return strings.ToLower(u.Hostname())
	}
	return ""
}

// find follows merges from a story to the one it was finally folded into.
func find(parent map[int64]int64, s int64) int64 {
	for range len(parent) + 1 {
		p, ok := parent[s]
		if !ok {
			return s
		}
		s = p
	}
	return s
}
