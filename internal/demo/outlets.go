package demo

// feedKind is the flavour of feed an outlet publishes. Each one exercises
// a different corner of real-world syndication.
type feedKind int

const (
	// kindRSSMedia: RSS 2.0 with content:encoded full bodies and Media RSS
	// images carrying media:credit.
	kindRSSMedia feedKind = iota
	// kindRSSEnclosure: RSS 2.0 with summaries and an <enclosure> image.
	kindRSSEnclosure
	// kindAtomFull: Atom 1.0 with full HTML content.
	kindAtomFull
	// kindAtomRelative: Atom 1.0 with summaries, relative links and xml:base.
	kindAtomRelative
	// kindJSONFeed: JSON Feed 1.1 with content_html.
	kindJSONFeed
	// kindRSSHTMLSummary: RSS 2.0 whose descriptions are small HTML snippets
	// with the image inline; only linked from the home page.
	kindRSSHTMLSummary
	// kindRSSMinimal: bare RSS 2.0, plain-text descriptions, no categories
	// and no images: the article page is the only source of the photo.
	kindRSSMinimal
)

// outletSpec is everything the generator and the handler know about an
// outlet.
type outletSpec struct {
	Outlet
	feedFile      string // path the feed is served at
	kind          feedKind
	tagline       string
	beats         []string // categories covered; nil means every category
	reporters     []string
	photographers []string
	dateline      bool   // leads open with "CITY —"
	wireTag       string // inserted in the dateline, e.g. "(Northfield Wire)"
	titleCase     bool   // headlines in Title Case
	signOff       bool   // a closing "Reporting by" line
	accent        string // CSS colour of the masthead
}

// covers reports whether the outlet writes about category.
func (o outletSpec) covers(category string) bool {
	if o.beats == nil {
		return true
	}
	for _, b := range o.beats {
		if b == category {
			return true
		}
	}
	return false
}

func outletSpecs() []outletSpec {
	specs := []outletSpec{
		{
			Outlet:        Outlet{Slug: "harbor-ledger", Name: "The Harbor Ledger", Format: "rss", FullContent: true},
			feedFile:      "feed.xml",
			kind:          kindRSSMedia,
			tagline:       "News from the waterfront and beyond since 1887",
			reporters:     []string{"Maren Holloway", "Tobias Grint", "Elspeth Vaud", "Caspar Lindgren", "Ruth Okonkwo-Hale"},
			photographers: []string{"Ilse Marwood", "Denny Crane-Abbott", "Paulo Seferis"},
			accent:        "#16425b",
		},
		{
			Outlet:        Outlet{Slug: "northfield-wire", Name: "Northfield Wire", Format: "rss"},
			feedFile:      "feed.xml",
			kind:          kindRSSEnclosure,
			tagline:       "Fast, fair, first",
			reporters:     []string{"Anselm Price", "Yara Delacourt", "Benedikt Sorra", "Lucia Fenn"},
			photographers: []string{"Oskar Bellweather", "Mina Strand"},
			dateline:      true,
			wireTag:       " (Northfield Wire)",
			signOff:       true,
			accent:        "#b33f40",
		},
		{
			Outlet:        Outlet{Slug: "meridian-daily", Name: "Meridian Daily", Format: "atom", FullContent: true},
			feedFile:      "atom.xml",
			kind:          kindAtomFull,
			tagline:       "The day, explained",
			reporters:     []string{"Helena Cordwell", "Ivo Marchbank", "Sunniva Raske", "Theo Abernathy", "Priya Valcourt"},
			photographers: []string{"Gus Hallorann", "Fenna Kloos", "Rasmus Thule"},
			accent:        "#4a3b6b",
		},
		{
			Outlet:        Outlet{Slug: "copperline-times", Name: "Copperline Times", Format: "atom"},
			feedFile:      "atom.xml",
			kind:          kindAtomRelative,
			tagline:       "Independent journalism for the valley and the world",
			reporters:     []string{"Wendell Ashby-Roe", "Clementine Drax", "Oren Palisade", "Judit Hamsun"},
			photographers: []string{"Lotte Vanterpool", "Cyrus Mbeki-Lund"},
			accent:        "#8a5a14",
		},
		{
			Outlet:        Outlet{Slug: "valley-courier", Name: "Valley Courier", Format: "json", FullContent: true},
			feedFile:      "feed.json",
			kind:          kindJSONFeed,
			tagline:       "Your region, every morning",
			reporters:     []string{"Agnes Pellham", "Rafael Oyelaran", "Dagny Sterne", "Milo Varga"},
			photographers: []string{"Hedda Collingwood", "Emeka Roswell"},
			accent:        "#2e6b3a",
		},
		{
			Outlet:        Outlet{Slug: "atlas-bulletin", Name: "Atlas Bulletin", Format: "rss", Discovery: true},
			feedFile:      "syndication/latest.rss",
			kind:          kindRSSHTMLSummary,
			tagline:       "Maps the news, one story at a time",
			reporters:     []string{"Severin Mott", "Ingrid Halvard", "Nnamdi Castellane", "Rosalind Teague"},
			photographers: []string{"Bram Oosterhuis", "Celeste Ardmore"},
			dateline:      true,
			titleCase:     true,
			accent:        "#1f5f73",
		},
		{
			Outlet:        Outlet{Slug: "pitchside-report", Name: "Pitchside Report", Category: "Sports", Format: "rss"},
			feedFile:      "rss.xml",
			kind:          kindRSSMinimal,
			tagline:       "Every match, every score",
			beats:         []string{"Sports"},
			reporters:     []string{"Declan Moorcroft", "Ayesha Brightwell", "Jonas Kettleby"},
			photographers: []string{"Tamsin Ollerenshaw"},
			accent:        "#0c6e4f",
		},
	}
	for i := range specs {
		s := &specs[i]
		s.HomePath = "/" + s.Slug + "/"
		s.FeedPath = "/" + s.Slug + "/" + s.feedFile
		if s.Discovery {
			s.FeedPath = s.HomePath
		}
	}
	return specs
}

// feedURLPath is where the outlet's feed is served, discovery or not.
func (o outletSpec) feedURLPath() string { return "/" + o.Slug + "/" + o.feedFile }

// feedMIME is the media type the outlet's feed is served with.
func (o outletSpec) feedMIME() string {
	switch o.Format {
	case "atom":
		return "application/atom+xml; charset=utf-8"
	case "json":
		return "application/feed+json; charset=utf-8"
	default:
		return "application/rss+xml; charset=utf-8"
	}
}

// credit is the photo credit line for a photographer of this outlet.
func (o outletSpec) credit(photographer string) string {
	return photographer + " / " + o.Name
}
