package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/extract"
	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/parse"
	"github.com/newsdesk/newsdesk/internal/sanitize"
)

const (
	// fullTextRunes is the text length from which a feed's content is
	// taken as the whole article; shorter content is a summary, and the
	// article page is fetched and extracted.
	fullTextRunes = 600
	excerptRunes  = 280
	// defaultCategory files items of sources with no category of their own.
	defaultCategory = "General"
)

// built is what buildArticles made of a feed's items.
type built struct {
	articles []model.Article
	skipped  []string // why items were left out
	pages    int      // article pages fetched for extraction
	failed   []error  // pages that could not be fetched or extracted
}

// buildArticles turns feed items into articles. Items this source
// brought already are left out. Items stored from another source are
// built from the feed alone, without fetching their page: SaveArticles
// only records that this source carries them too.
func (in *Ingester) buildArticles(ctx context.Context, src model.Source, feed *parse.Feed) (built, error) {
	urls := make([]string, 0, 2*len(feed.Items))
	for _, it := range feed.Items {
		urls = append(urls, it.URL, canonicalURL(it.URL))
	}
	known, err := in.store.KnownArticleURLs(ctx, urls)
	if err != nil {
		return built{}, fmt.Errorf("ingest: known urls: %w", err)
	}
	carried, err := in.store.SourceArticleURLs(ctx, src.ID, urls)
	if err != nil {
		return built{}, fmt.Errorf("ingest: urls of source %d: %w", src.ID, err)
	}
	out := make([]*model.Article, len(feed.Items))
	reasons := make([]string, len(feed.Items))
	pages := make([]pageOutcome, len(feed.Items))
	sem := make(chan struct{}, in.opts.PageWorkers)
	var wg sync.WaitGroup
	for i, it := range feed.Items {
		if reason := unstorable(i, it); reason != "" {
			reasons[i] = reason
			continue
		}
		key := canonicalURL(it.URL)
		if it.URL != "" && (carried[it.URL] || carried[key]) {
			continue
		}
		storedElsewhere := it.URL != "" && (known[it.URL] || known[key])
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], reasons[i], pages[i] = in.buildArticle(ctx, src, feed, it, storedElsewhere)
		})
	}
	wg.Wait()
	var b built
	for i := range out {
		if out[i] != nil {
			b.articles = append(b.articles, *out[i])
		} else if reasons[i] != "" {
			b.skipped = append(b.skipped, reasons[i])
		}
		if pages[i].tried {
			b.pages++
			if pages[i].err != nil {
				b.failed = append(b.failed, pages[i].err)
			}
		}
	}
	return b, ctx.Err()
}

// extractError sums up the pages of one fetch that could not be
// extracted, for the source's state; "" when all were.
func (b built) extractError() string {
	if len(b.failed) == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d article pages: %v", len(b.failed), b.pages, b.failed[0])
}

// pageOutcome says whether an item's page was fetched for extraction,
// and why that failed if it did.
type pageOutcome struct {
	tried bool
	err   error
}

// unstorable says why the i-th item of a feed cannot become an article,
// or "" when it can. parse keeps every entry of a feed; an entry with
// neither a link nor a title has nothing to show a reader or to link to,
// even when it carries an id or text.
func unstorable(i int, it parse.Item) string {
	if it.URL != "" || it.Title != "" {
		return ""
	}
	if id := strings.TrimSpace(it.GUID); id != "" {
		return fmt.Sprintf("item %d (id %q): neither a link nor a title", i+1, id)
	}
	return fmt.Sprintf("item %d: neither a link nor a title", i+1)
}

// buildArticle normalizes one item, fetching its page when the source's
// extraction mode asks for it and the article is not stored already
// (storedElsewhere). It returns nil and a reason when the item is
// unusable.
func (in *Ingester) buildArticle(ctx context.Context, src model.Source, feed *parse.Feed, it parse.Item, storedElsewhere bool) (*model.Article, string, pageOutcome) {
	base, _ := url.Parse(it.URL)
	rawBody := it.ContentHTML
	if rawBody == "" {
		rawBody = it.SummaryHTML
	}
	imageURL, imageCredit := httpURL(it.ImageURL), strings.TrimSpace(it.ImageCredit)
	rawBody, lifted, liftedCredit := extract.LiftLeadFigure(rawBody, base, imageURL)
	if imageURL == "" {
		imageURL = lifted
	}
	if imageCredit == "" {
		imageCredit = liftedCredit
	}
	bodyHTML := sanitize.HTML(rawBody, base)
	bodyText := sanitize.Text(bodyHTML)
	a := &model.Article{
		SourceID:     src.ID,
		SourceName:   src.Name,
		GUID:         it.GUID,
		URL:          it.URL,
		CanonicalURL: canonicalURL(it.URL),
		Title:        it.Title,
		ContentHTML:  bodyHTML,
		ContentText:  bodyText,
		Byline:       strings.TrimSpace(it.Author),
		PublishedAt:  it.Published,
		ImageURL:     imageURL,
		ImageCredit:  imageCredit,
		Credit:       src.Name,
		Category:     pickCategory(src.Category, it.Categories),
		Language:     firstNonEmpty(it.Language, feed.Language),
		Kind:         model.KindAggregated,
	}
	// Only the summary's words are kept (for the excerpt), so it needs no
	// sanitizing pass of its own: plain text is escaped wherever it shows.
	summaryText := sanitize.Text(it.SummaryHTML)
	var page pageOutcome
	if it.URL != "" && !storedElsewhere && wantsPage(src.Extract, bodyText, a) {
		page = pageOutcome{tried: true, err: in.completeFromPage(ctx, a)}
	}
	if a.Title == "" {
		a.Title = sanitize.Excerpt(firstNonEmpty(summaryText, a.ContentText), 90)
	}
	if a.Title == "" {
		return nil, fmt.Sprintf("item %q has no title and no text", firstNonEmpty(it.GUID, it.URL)), page
	}
	a.Excerpt = sanitize.Excerpt(firstNonEmpty(summaryText, a.ContentText), excerptRunes)
	now := in.opts.Now()
	a.FetchedAt = now
	if a.PublishedAt.IsZero() || a.PublishedAt.After(now) {
		// Undated items are dated when first seen; future dates (clock
		// skew, scheduled posts) would pin an item to the top for days.
		a.PublishedAt = now
	}
	a.PublishedAt = a.PublishedAt.UTC().Truncate(time.Microsecond)
	a.Slug = model.Slugify(a.Title, 80)
	a.ContentHash = contentHash(a.ContentText)
	return a, "", page
}

// wantsPage says whether an item's page is fetched and extracted. In
// auto mode that is when the feed carries only a summary, or shows a
// photo without saying whose it is: photographers are credited on every
// article page, and the original page names them.
func wantsPage(mode model.ExtractMode, feedText string, a *model.Article) bool {
	switch mode {
	case model.ExtractNever:
		return false
	case model.ExtractAlways:
		return true
	}
	short := utf8.RuneCountInString(feedText) < fullTextRunes
	uncredited := a.ImageURL != "" && a.ImageCredit == ""
	return short || uncredited
}

// completeFromPage fetches the article's page and fills what the feed
// lacked. A page that cannot be fetched or read leaves the feed's
// summary in place (the item is still worth storing) and returns why.
func (in *Ingester) completeFromPage(ctx context.Context, a *model.Article) error {
	resp, err := in.fetcher.Get(ctx, fetch.Request{URL: a.URL, Accept: "text/html", MaxBytes: fetch.MaxPageBytes})
	if err != nil {
		in.log.Info("article page not fetched", "url", a.URL, "err", err)
		return err
	}
	page, err := extract.Article(resp.HTMLUTF8(), resp.URL)
	if err != nil {
		in.log.Info("article page not extracted", "url", a.URL, "err", err)
		return fmt.Errorf("%s: %w", a.URL, err)
	}
	if utf8.RuneCountInString(page.ContentText) > utf8.RuneCountInString(a.ContentText) {
		a.ContentHTML, a.ContentText = page.ContentHTML, page.ContentText
	}
	if page.CanonicalURL != "" {
		a.CanonicalURL = canonicalURL(page.CanonicalURL)
	}
	if a.Title == "" {
		a.Title = page.Title
	}
	if a.Byline == "" {
		a.Byline = page.Author // the names alone; page.Byline is the page's raw text
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = page.PublishedAt
	}
	if a.ImageURL == "" {
		a.ImageURL = httpURL(page.LeadImage)
	}
	if a.ImageCredit == "" {
		a.ImageCredit = page.ImageCredit
	}
	if a.Language == "" {
		a.Language = page.Language
	}
	return nil
}

// httpURL keeps absolute http(s) URLs only: an image URL lands in an
// <img src>, where any other scheme has no business.
func httpURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func pickCategory(sourceCategory string, itemCategories []string) string {
	if c := strings.TrimSpace(sourceCategory); c != "" {
		return c
	}
	for _, c := range itemCategories {
		c = strings.Join(strings.Fields(c), " ")
		if c != "" && utf8.RuneCountInString(c) <= 40 {
			return c
		}
	}
	return defaultCategory
}

// contentHash identifies an article's text whatever its case and
// spacing: the first 16 bytes of the SHA-256 of the text lowercased, its
// whitespace collapsed to single spaces. The text is normalized on its
// way into the hash, a block at a time, rather than copied three times
// over (lower, split, join).
func contentHash(text string) string {
	h := sha256.New()
	buf := make([]byte, 0, 4096)
	started, space := false, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = started
			continue
		}
		if space {
			buf = append(buf, ' ')
			space = false
		}
		started = true
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
		if len(buf) > cap(buf)-8 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
