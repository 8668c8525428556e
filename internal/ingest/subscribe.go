package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/newsdesk/newsdesk/internal/discover"
	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/parse"
	"github.com/newsdesk/newsdesk/internal/store"
)

// feedAccept asks for feeds first but takes a page, so discovery can run.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.5, */*;q=0.1"

// ErrAlreadySubscribed is returned when the feed is a source already.
var ErrAlreadySubscribed = errors.New("ingest: already subscribed")

// Subscribe checks that rawURL is a feed, or a web page announcing one
// with <link rel="alternate">, and stores it as a source. name and
// category may be empty: the name then comes from the feed's title.
func (in *Ingester) Subscribe(ctx context.Context, rawURL, name, category string) (model.Source, error) {
	feedURL, feed, err := in.resolveFeed(ctx, rawURL)
	if err != nil {
		return model.Source{}, err
	}
	if name == "" {
		name = strings.TrimSpace(feed.Title)
	}
	if name == "" {
		name = hostOf(feedURL)
	}
	src, err := in.store.AddSource(ctx, model.Source{
		FeedURL:  feedURL,
		SiteURL:  feed.SiteURL,
		Name:     name,
		Category: strings.TrimSpace(category),
	})
	if errors.Is(err, store.ErrDuplicate) {
		return model.Source{}, fmt.Errorf("%w: %s", ErrAlreadySubscribed, feedURL)
	}
	if err != nil {
		return model.Source{}, fmt.Errorf("ingest: subscribe %s: %w", feedURL, err)
	}
	return src, nil
}

// resolveFeed fetches rawURL and returns the URL of the feed it is, or
// of the first working feed its page announces.
func (in *Ingester) resolveFeed(ctx context.Context, rawURL string) (string, *parse.Feed, error) {
	resp, err := in.fetcher.Get(ctx, fetch.Request{URL: rawURL, Accept: feedAccept, MaxBytes: fetch.MaxFeedBytes})
	if err != nil {
		return "", nil, fmt.Errorf("ingest: cannot subscribe: %w", err)
	}
	feed, perr := parse.ParseHTTP(resp.Body, resp.URL, resp.ContentType)
	if perr == nil {
		return rawURL, feed, nil
	}
	if !discover.LooksLikeHTML(resp.Body) {
		return "", nil, fmt.Errorf("ingest: %s is not a feed (RSS, Atom or JSON Feed): %v", rawURL, perr)
	}
	links := discover.FeedLinks(resp.HTMLUTF8(), resp.URL)
	if len(links) == 0 {
		return "", nil, fmt.Errorf("ingest: %s is a web page that announces no feed (no <link rel=\"alternate\"> to RSS, Atom or JSON Feed)", rawURL)
	}
	var firstErr error
	for _, l := range links {
		r, err := in.fetcher.Get(ctx, fetch.Request{URL: l.URL, Accept: feedAccept, MaxBytes: fetch.MaxFeedBytes})
		if err == nil {
			var f *parse.Feed
			if f, err = parse.ParseHTTP(r.Body, r.URL, r.ContentType); err == nil {
				return l.URL, f, nil
			}
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return "", nil, fmt.Errorf("ingest: %s announces %d feed(s) but none could be read: %v", rawURL, len(links), firstErr)
}
