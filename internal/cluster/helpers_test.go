package cluster

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// worldDocs returns a demo world's articles as Docs in publication order
// and each doc's truth class.
func worldDocs(seed int64, now time.Time) ([]Doc, map[int64]string) {
	arts := demo.NewWorld(seed, now).Articles()
	slices.SortStableFunc(arts, func(a, b demo.Article) int { return a.Published.Compare(b.Published) })
	docs := make([]Doc, len(arts))
	truth := map[int64]string{}
	for i, a := range arts {
		id := int64(i + 1)
		docs[i] = Doc{ID: id, Title: a.Title, Text: strings.Join(a.Paragraphs, "\n\n"),
			Source: a.Outlet, Category: a.Category, Published: a.Published}
		truth[id] = fmt.Sprintf("doc-%d", id)
		if a.EventID != 0 {
			truth[id] = fmt.Sprintf("event-%d", a.EventID)
		}
	}
	return docs, truth
}
