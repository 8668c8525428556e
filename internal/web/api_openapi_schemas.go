package web

// The schemas of the OpenAPI document: one per JSON shape of
// api_json.go, api_stories.go, search_api.go and comments_api.go.

func str(desc string) obj {
	o := obj{"type": "string"}
	if desc != "" {
		o["description"] = desc
	}
	return o
}

func integer(desc string) obj {
	o := obj{"type": "integer"}
	if desc != "" {
		o["description"] = desc
	}
	return o
}

// count is a whole number from 0.
func count(desc string) obj {
	o := integer(desc)
	o["minimum"] = 0
	return o
}

func dateTime(desc string) obj {
	o := str(desc)
	o["format"] = "date-time"
	return o
}

// nullable is a value of type t or null.
func nullable(t, desc string) obj {
	o := obj{"type": []any{t, "null"}}
	if desc != "" {
		o["description"] = desc
	}
	return o
}

func nullableDateTime(desc string) obj {
	o := nullable("string", desc)
	o["format"] = "date-time"
	return o
}

func enum(desc string, values ...any) obj {
	o := str(desc)
	o["enum"] = values
	return o
}

func arr(items obj) obj { return obj{"type": "array", "items": items} }

func schemas() obj {
	article := object("An article, without its body.", obj{
		"id":            integer(""),
		"url":           str("The permalink on this site, absolute."),
		"original_url":  str("The article's address at its source; empty for the newsroom's own."),
		"title":         str(""),
		"excerpt":       str(""),
		"published_at":  dateTime(""),
		"source":        str("The source's name."),
		"source_id":     integer("Left out for the newsroom's own articles."),
		"category":      str(""),
		"category_slug": str(""),
		"image":         str("The lead image's address, or empty."),
		"image_credit":  str(""),
		"credit":        str(""),
		"story_id":      nullable("integer", "The story the article belongs to."),
		"dup_of":        nullable("integer", "The earlier article whose text this one republishes; null for original work."),
		"byline":        str(""),
		"kind":          enum("", "original", "aggregated"),
		"language":      str("Left out when unknown."),
		"comments":      count("Approved comments, replies included."),
	}, "source_id", "language")
	story := object("A story: the articles of several outlets about one event.", obj{
		"id":                       integer(""),
		"url":                      str("The story page, absolute."),
		"title":                    str(""),
		"excerpt":                  str(""),
		"image":                    str(""),
		"image_credit":             str(""),
		"lead_article_id":          nullable("integer", ""),
		"article_count":            count(""),
		"source_count":             count(""),
		"independent_source_count": count("Outlets that wrote their own report rather than only republishing another's text."),
		"first_article_id":         nullable("integer", ""),
		"first_source":             str(""),
		"first_reported_at":        nullableDateTime(""),
		"updated_at":               nullableDateTime(""),
		"category":                 str(""),
		"category_slug":            str(""),
	})
	return obj{
		"Error":   object("A failure; error is written for the client.", obj{"error": str("")}),
		"Article": article,
		"ArticleDetail": withProps("An article with its body and every source whose feed carried it, the first first.",
			article, obj{
				"content_html": str("The body, sanitized HTML."),
				"sources":      arr(ref("ArticleSource")),
			}),
		"ArticleSource": object("A source whose feed carried an article.", obj{
			"source_id": integer(""),
			"source":    str("The source's name."),
			"url":       str("The article's address in that source's feed."),
			"seen_at":   nullableDateTime("When that source first carried it."),
		}),
		"ArticleList": listOf("Article", "A page of articles."),
		"Story":       story,
		"StoryDetail": withProps("A story with its outlets, articles and entities.", story, obj{
			"sources":  arr(ref("StorySource")),
			"articles": arr(ref("Article")),
			"entities": arr(ref("Entity")),
		}),
		"StorySource": object("An outlet covering a story.", obj{
			"source_id":         nullable("integer", "Null for the newsroom's own articles."),
			"name":              str(""),
			"articles":          count(""),
			"first_reported_at": dateTime(""),
			"url":               str("The source's page on this site; left out for the newsroom."),
		}, "url"),
		"Entity": object("A person, organization or place a story names.", obj{
			"id":       integer(""),
			"name":     str(""),
			"slug":     str(""),
			"kind":     enum("", "person", "organization", "place", "other"),
			"articles": count(""),
			"url":      str("The entity's page, absolute."),
		}),
		"MergedStory": object("A story folded into another.", obj{
			"merged_into": integer("The surviving story."),
			"location":    str("The survivor's API address."),
		}),
		"StoryList": listOf("Story", "A page of stories."),
		"Category": object("", obj{
			"id":       integer(""),
			"name":     str(""),
			"slug":     str(""),
			"articles": count(""),
			"url":      str("The category page, absolute."),
		}),
		"CategoryList": listOf("Category", "Every category; next is always null."),
		"Source": object("A feed the site aggregates.", obj{
			"id":               integer(""),
			"name":             str(""),
			"site_url":         str(""),
			"feed_url":         str(""),
			"category":         str(""),
			"articles":         count(""),
			"url":              str("The source's page on this site, absolute."),
			"interval_seconds": count("The source's own fetch interval; 0 means the site's default."),
			"extract":          enum("Whether article pages are fetched for their full text.", "auto", "always", "never"),
			"state":            ref("FetchState"),
		}),
		"FetchState": object("How the source's last fetches went; times are left out until they happen.", obj{
			"last_fetched_at": dateTime(""),
			"last_success_at": dateTime(""),
			"last_error":      str("Left out when the last fetch succeeded."),
			"error_count":     count("Consecutive failed fetches."),
			"failing_since":   dateTime(""),
			"next_fetch_at":   dateTime(""),
			"extract_error":   str("Set when some pages of the last fetch could not be extracted."),
			"status":          str("The state in one line for people."),
		}, "last_fetched_at", "last_success_at", "last_error", "failing_since", "next_fetch_at", "extract_error"),
		"SourceList": listOf("Source", "Every source; next is always null."),
		"CommentPage": object("One page of an article's approved comments.", obj{
			"article_id": integer(""),
			"total":      count("Approved comments, replies included."),
			"threads":    count("Approved top-level comments."),
			"page":       obj{"type": "integer", "minimum": 1},
			"pages":      obj{"type": "integer", "minimum": 1},
			"per_page":   obj{"type": "integer", "minimum": 1, "description": "Threads a page."},
			"order":      enum("", "oldest", "newest"),
			"closed":     obj{"type": "boolean", "description": "The article takes no more comments."},
			"items":      arr(ref("Comment")),
			"next_page":  nullable("integer", "Null on the last page."),
		}),
		"Comment": object("A public comment; nothing a moderator alone sees.", obj{
			"id":         integer(""),
			"parent_id":  nullable("integer", "Null for a top-level comment."),
			"depth":      count("0 for a top-level comment."),
			"name":       str(""),
			"website":    str(""),
			"body":       str("The text as typed."),
			"body_html":  str("As the page shows it: escaped, with paragraphs and links."),
			"created_at": dateTime(""),
			"url":        str("The comment on its article page, absolute."),
		}),
		"SearchResult": object("One page of search results.", obj{
			"total":        count(""),
			"total_capped": obj{"type": "boolean", "description": "Set when counting stopped at a bound: there are at least total hits."},
			"items":        arr(ref("SearchHit")),
			"next":         nullable("string", "The cursor of the next page; null on the last."),
			"facets":       ref("Facets"),
			"notice":       str("Something about the query: that it was shortened, or has no word to search for."),
		}, "total_capped", "facets", "notice"),
		"SearchHit": object("One result. title_html and snippet are escaped HTML whose only markup is <mark>.", obj{
			"id":            integer(""),
			"title":         str(""),
			"title_html":    str(""),
			"url":           str("The permalink, absolute."),
			"path":          str("The permalink on this site."),
			"source":        str(""),
			"source_id":     integer("Left out for the newsroom's own articles."),
			"category":      str(""),
			"category_slug": str(""),
			"published_at":  dateTime(""),
			"date":          str("The day as pages print it, in the site's time zone."),
			"kind":          enum("", "original", "aggregated"),
			"snippet":       str(""),
			"image":         str(""),
			"comments":      count("Approved comments."),
		}, "source_id"),
		"Facets": object("Hits per category and per source (facets=1).", obj{
			"categories": arr(object("", obj{"slug": str(""), "name": str(""), "count": count("")})),
			"sources":    arr(object("", obj{"id": integer(""), "name": str(""), "count": count("")})),
		}),
	}
}
