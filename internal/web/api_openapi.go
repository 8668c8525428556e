package web

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sync"

	"github.com/newsdesk/newsdesk/internal/store"
)

// The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json.
// It is built in Go rather than kept as a JSON file so that its bounds
// and defaults come from the same constants the handlers check, and an
// article's detail can reuse the article's fields without allOf (which
// does not combine with additionalProperties: false). Its tests call
// every operation it declares and check the answers against it, and
// fail when a /api/v1/ route is registered without being declared.

// apiOpenAPI answers the document with this site's address as its server.
func (s *server) apiOpenAPI(*http.Request) (any, error) {
	doc := maps.Clone(openAPIDoc())
	doc["servers"] = []any{obj{"url": s.settings().BaseURL + "/api/v1",
		"description": "this site's JSON API"}}
	return doc, nil
}

// obj is a JSON object of the document.
type obj = map[string]any

// openAPIDoc is built once; answers copy its top level and share the
// rest, which nothing writes to after it is built.
var openAPIDoc = sync.OnceValue(buildOpenAPI)

func buildOpenAPI() obj {
	doc := obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "newsdesk JSON API",
			"version": "1",
			"description": "Public, anonymous reads of the site's articles, stories, categories, sources, " +
				"search and approved comments; writes (newsroom articles, comment moderation) with an API token " +
				"as a Bearer credential, within the token's account's role. Lists answer {\"items\": [...], \"next\": cursor or null}; " +
				"pass next as cursor for the following page. Errors answer {\"error\": \"...\"}.",
		},
		"paths": obj{
			"/articles": obj{"get": op("listArticles", "Articles, newest first",
				[]any{pref("limit"), pref("cursor"),
					query("category", "Only the articles of this category (its slug); an unknown slug is a 404.", obj{"type": "string"}),
					query("source", "Only the articles of this source (its id); an unknown id is a 404.", obj{"type": "integer", "minimum": 1}),
				}, "ArticleList", "BadRequest", "NotFound")},
			"/articles/{id}": obj{"get": op("getArticle", "One article with its body and every source whose feed carried it",
				[]any{pref("id")}, "ArticleDetail", "BadRequest", "NotFound")},
			"/articles/{id}/comments": obj{"get": op("listComments", "One page of an article's approved comments, each thread's top-level comment followed by its replies",
				[]any{pref("id"), query("page", "The page of threads, from 1.", obj{"type": "integer", "minimum": 1, "default": 1})},
				"CommentPage", "BadRequest", "NotFound")},
			"/stories": obj{"get": op("listStories", "Live stories, most recently updated first",
				[]any{pref("limit"), pref("cursor"),
					query("min_sources", "Only the stories covered by at least this many outlets.",
						obj{"type": "integer", "minimum": 0, "maximum": maxMinSources, "default": 0}),
				}, "StoryList", "BadRequest")},
			"/stories/{id}": obj{"get": storyOp()},
			"/categories": obj{"get": op("listCategories", "Every category, with its article count",
				nil, "CategoryList")},
			"/sources": obj{"get": op("listSources", "Every source, with its article count and fetch state",
				nil, "SourceList")},
			"/search": obj{"get": searchOp()},
			"/openapi.json": obj{"get": obj{
				"operationId": "getOpenAPI",
				"summary":     "This document",
				"responses": obj{"200": obj{"description": "The OpenAPI document of this API.",
					"content": jsonContent(obj{"type": "object"})}},
			}},
		},
		"components": obj{
			"schemas":    schemas(),
			"parameters": parameters(),
			"responses":  responses(),
		},
	}
	addWriteOperations(doc["paths"].(obj), doc["components"].(obj))
	return doc
}

// op is a GET operation answering 200 with schema200 and, besides,
// the shared responses named in errs.
func op(id, summary string, params []any, schema200 string, errs ...string) obj {
	rs := obj{"200": obj{"description": "OK", "content": jsonContent(ref(schema200))},
		"default": obj{"$ref": "#/components/responses/InternalError"}}
	codes := map[string]string{"BadRequest": "400", "NotFound": "404", "TooManyRequests": "429"}
	for _, e := range errs {
		rs[codes[e]] = obj{"$ref": "#/components/responses/" + e}
	}
	o := obj{"operationId": id, "summary": summary, "responses": rs}
	if len(params) > 0 {
		o["parameters"] = params
	}
	return o
}

func storyOp() obj {
	o := op("getStory", "One story with its outlets, articles and entities",
		[]any{pref("id")}, "StoryDetail", "BadRequest", "NotFound")
	o["responses"].(obj)["301"] = obj{
		"description": "The story was merged into another: Location is the survivor's API address, " +
			"and the body says the same for clients that do not follow redirects.",
		"headers": obj{"Location": obj{"description": "The survivor's API address.",
			"schema": obj{"type": "string"}}},
		"content": jsonContent(ref("MergedStory")),
	}
	return o
}

func searchOp() obj {
	date := obj{"type": "string", "format": "date"}
	params := []any{
		obj{"name": "q", "in": "query", "required": true, "schema": obj{"type": "string", "minLength": 1},
			"description": "The words to search for, ANDed; \"a phrase\", -word, a OR b and word* are understood. " +
				"Blank is a 400."},
		query("exact", "Whole words only, without stemming (1, true or on).",
			obj{"type": "string", "enum": []any{"0", "1", "false", "true", "off", "on"}, "default": "0"}),
		explode(query("in", "The fields to search, repeated or comma-separated; all three when left out.",
			obj{"type": "array", "items": obj{"type": "string", "enum": []any{"title", "content", "excerpt"}}})),
		explode(query("category", fmt.Sprintf("Category slugs, repeated or comma-separated, at most %d; an unknown slug is a 400.", maxFilterValues),
			obj{"type": "array", "maxItems": maxFilterValues, "items": obj{"type": "string"}})),
		explode(query("source", fmt.Sprintf("Source ids, repeated or comma-separated, at most %d; an unknown id is a 400.", maxFilterValues),
			obj{"type": "array", "maxItems": maxFilterValues, "items": obj{"type": "integer", "minimum": 1}})),
		query("from", "The start: 24h, 7d, 30d, or a day (YYYY-MM-DD) in the site's time zone.",
			obj{"type": "string", "pattern": `^(24h|7d|30d|[0-9]{4}-[0-9]{2}-[0-9]{2})$`}),
		query("to", "The last day (YYYY-MM-DD, in the site's time zone), included; it must come after from.", date),
		query("kind", "Only original reporting or only aggregated articles.",
			obj{"type": "string", "enum": []any{"original", "aggregated"}}),
		query("sort", "The order of the results.",
			obj{"type": "string", "enum": []any{"relevance", "newest"}, "default": "relevance"}),
		pref("limit"),
		query("cursor", "The next value of the previous answer, asked with the same limit.", obj{"type": "string"}),
		query("page", fmt.Sprintf("The page of results, from 1; pages start no deeper than result %d.", maxSearchOffset),
			obj{"type": "integer", "minimum": 1, "default": 1}),
		query("facets", "1 adds the counts of hits per category and per source.",
			obj{"type": "integer", "enum": []any{0, 1}, "default": 0}),
		query("live", "1 reads the last word as a prefix and ranks only the newest matches, as the header's live search does.",
			obj{"type": "integer", "enum": []any{0, 1}, "default": 0}),
	}
	o := op("search", "Articles matching a query, most relevant first",
		params, "SearchResult", "BadRequest", "TooManyRequests")
	o["description"] = "Rate-limited per client, shared with the /search page."
	return o
}

func parameters() obj {
	return obj{
		"limit": query("limit", fmt.Sprintf("Items a page, from 1; more than %d is read as %d.", store.MaxLimit, store.MaxLimit),
			obj{"type": "integer", "minimum": 1, "default": store.DefaultLimit}),
		"cursor": query("cursor", "The next value of the previous page; anything else is a 400.", obj{"type": "string"}),
		"id": obj{"name": "id", "in": "path", "required": true, "description": "A positive id; 0 or text is a 400.",
			"schema": obj{"type": "integer", "minimum": 1}},
	}
}

func responses() obj {
	errResp := func(desc string) obj {
		return obj{"description": desc, "content": jsonContent(ref("Error"))}
	}
	tooMany := errResp("Too many requests from this client in a short time.")
	tooMany["headers"] = obj{"Retry-After": obj{"description": "Seconds to wait before trying again.",
		"schema": obj{"type": "integer", "minimum": 1}}}
	return obj{
		"BadRequest":      errResp("A parameter is missing, malformed or out of range; error says which."),
		"NotFound":        errResp("The resource, or a category or source a filter names, does not exist."),
		"TooManyRequests": tooMany,
		"InternalError":   errResp("The server failed; error is \"internal error\"."),
	}
}

// query is a query parameter.
func query(name, desc string, schema obj) obj {
	return obj{"name": name, "in": "query", "description": desc, "schema": schema}
}

// explode marks a query parameter that may repeat (?a=x&a=y).
func explode(p obj) obj {
	p["style"], p["explode"] = "form", true
	return p
}

func pref(name string) obj { return obj{"$ref": "#/components/parameters/" + name} }

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func jsonContent(schema obj) obj {
	return obj{"application/json": obj{"schema": schema}}
}

// object is a schema of exactly these properties, all required but
// those named optional (the ones the API leaves out when empty).
func object(desc string, props obj, optional ...string) obj {
	var req []any
	for _, k := range slices.Sorted(maps.Keys(props)) {
		if !slices.Contains(optional, k) {
			req = append(req, k)
		}
	}
	o := obj{"type": "object", "properties": props, "required": req, "additionalProperties": false}
	if desc != "" {
		o["description"] = desc
	}
	return o
}

// withProps is o with more properties, all required.
func withProps(desc string, o obj, more obj) obj {
	props := maps.Clone(o["properties"].(obj))
	maps.Copy(props, more)
	req := slices.Clone(o["required"].([]any))
	for _, k := range slices.Sorted(maps.Keys(more)) {
		req = append(req, k)
	}
	return obj{"type": "object", "description": desc, "properties": props, "required": req,
		"additionalProperties": false}
}

func listOf(item, desc string) obj {
	return object(desc, obj{
		"items": arr(ref(item)),
		"next":  nullable("string", "The cursor of the next page; null on the last."),
	})
}
