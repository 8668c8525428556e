package migrate

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestConvert_ByTargetType(t *testing.T) {
	ts := pgColumn{name: "at", dataType: "timestamp with time zone"}
	got, err := convert(ts, int64(1700000000123456))
	if err != nil || !got.(time.Time).Equal(time.UnixMicro(1700000000123456)) {
		t.Errorf("timestamptz from micros = %v, %v", got, err)
	}
	b := pgColumn{name: "hidden", dataType: "boolean"}
	if got, err := convert(b, int64(1)); err != nil || got != true {
		t.Errorf("boolean from 1 = %v, %v", got, err)
	}
	if got, err := convert(b, nil); err != nil || got != nil {
		t.Errorf("NULL = %v, %v", got, err)
	}
	j := pgColumn{name: "snapshot", dataType: "jsonb"}
	if got, err := convert(j, `{"a":1}`); err != nil || string(got.(json.RawMessage)) != `{"a":1}` {
		t.Errorf("jsonb = %v, %v", got, err)
	}
	bad := []struct {
		col pgColumn
		v   any
	}{
		{ts, "2024-01-01"},
		{b, int64(2)},
		{j, "{not json"},
		{pgColumn{name: "id", dataType: "bigint"}, "twelve"},
		{pgColumn{name: "v", dataType: "tsvector"}, "x"},
	}
	for _, c := range bad {
		if _, err := convert(c.col, c.v); err == nil || !strings.Contains(err.Error(), c.col.name) {
			t.Errorf("convert(%s %s, %v) = %v, want an error naming the column", c.col.name, c.col.dataType, c.v, err)
		}
	}
}

func TestPlan_OrderAndRefusals(t *testing.T) {
	col := func(name string) pgColumn { return pgColumn{name: name, dataType: "bigint"} }
	pg := map[string]*pgTable{
		"users":      {name: "users", columns: []pgColumn{col("id")}, key: []string{"id"}},
		"articles":   {name: "articles", columns: []pgColumn{col("id"), col("author_id"), col("dup_of"), {name: "search_exact", dataType: "tsvector"}}, key: []string{"id"}, refs: []string{"users"}},
		"comments":   {name: "comments", columns: []pgColumn{col("id"), col("article_id")}, key: []string{"id"}, refs: []string{"articles", "comments"}},
		"pg_only":    {name: "pg_only", columns: []pgColumn{col("id")}, key: []string{"id"}},
		"change_log": {name: "change_log", columns: []pgColumn{col("seq")}, key: []string{"seq"}},
	}
	src := map[string][]string{
		"comments": {"id", "article_id"}, "articles": {"id", "author_id", "dup_of"}, "users": {"id"},
		"articles_fts": {"title"}, "articles_fts_data": {"id"}, "search_terms": {"t"}, "change_log": {"seq"},
		"sqlite_sequence": {"name"},
	}
	p, err := plan(pg, src)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, t := range p {
		names = append(names, t.name)
	}
	if !slices.Equal(names, []string{"users", "articles", "comments"}) {
		t.Errorf("plan order %v, want users, articles, comments", names)
	}
	src["drafts"] = []string{"id"}
	if _, err := plan(pg, src); err == nil || !strings.Contains(err.Error(), "drafts") {
		t.Errorf("a source table without a target = %v, want an error naming it", err)
	}
	delete(src, "drafts")
	src["users"] = []string{"id", "nickname"}
	if _, err := plan(pg, src); err == nil || !strings.Contains(err.Error(), "users.nickname") {
		t.Errorf("a source column without a target = %v, want an error naming it", err)
	}
	src["users"] = []string{"id"}
	pg["users"].columns = append(pg["users"].columns, pgColumn{name: "email", dataType: "text"})
	if _, err := plan(pg, src); err == nil || !strings.Contains(err.Error(), "users.email") {
		t.Errorf("a required target column the source lacks = %v, want an error naming it", err)
	}
}
