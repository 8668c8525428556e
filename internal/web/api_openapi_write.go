package web

import (
	"fmt"
	"maps"

	"github.com/newsdesk/newsdesk/internal/desk"
)

// The write operations' part of the OpenAPI document (api_write*.go).

// addWriteOperations adds the write operations to the document's paths
// and their schemas, responses and security scheme to its components.
func addWriteOperations(paths, components obj) {
	id := pref("id")
	paths["/articles"].(obj)["post"] = writeOp("createArticle",
		"Write a newsroom article as the token's account (authors, editors and admins)",
		"Absent fields are empty; status defaults to draft, and the byline to the account's name. "+
			"The answer's id is the newsroom article's, which PATCH and publish take; article_id is its public "+
			"article (GET /articles/{id}) once published.",
		nil, "ArticleWrite", "201", "DeskArticle", "400", "401", "403", "413", "415", "422")
	paths["/articles/{id}"].(obj)["patch"] = writeOp("updateArticle",
		"Change some fields of a newsroom article (its id is the newsroom's, as createArticle answers it)",
		"Authors change their own articles, editors and admins any. Absent fields keep their value. "+
			"Name the version the change was made from with If-Match (412 when stale) or version (409 when stale); "+
			"a change racing another is a 409 too. status moves the article as the desk's buttons do.",
		[]any{id, ifMatch()}, "ArticleWrite", "200", "DeskArticle", "400", "401", "403", "404", "409", "412", "413", "415", "422")
	paths["/articles/{id}/publish"] = obj{"post": writeOp("publishArticle",
		"Publish a newsroom article now",
		"A republished article keeps its first date and address. Publishing a published article changes nothing.",
		[]any{id, ifMatch()}, "", "200", "DeskArticle", "400", "401", "403", "404", "412", "422")}
	paths["/articles/{id}/unpublish"] = obj{"post": writeOp("unpublishArticle",
		"Take a published newsroom article down, keeping its address and comments",
		"Only a published article can be unpublished (409 otherwise).",
		[]any{id, ifMatch()}, "", "200", "DeskArticle", "400", "401", "403", "404", "409", "412")}
	paths["/comments/{id}/moderation"] = obj{"post": writeOp("moderateComment",
		"Move a comment to another status (moderators, editors and admins)",
		"The moves are the moderation queue's: spam and trash go back to pending before being approved (409).",
		[]any{id}, "Moderation", "200", "ModeratedComment", "400", "401", "403", "404", "409", "413", "415", "422")}

	components["securitySchemes"] = obj{"bearerAuth": obj{"type": "http", "scheme": "bearer",
		"description": "An API token of scope api (nd_…), made under /admin/account/tokens or with " +
			"`newsdesk tokens add`. It acts with its account's role; cookies are not accepted."}}
	maps.Copy(components["schemas"].(obj), writeSchemas())
	maps.Copy(components["responses"].(obj), writeResponses())
}

// ifMatch is the If-Match header parameter.
func ifMatch() obj {
	return obj{"name": "If-Match", "in": "header", "schema": obj{"type": "string"},
		"description": "The ETag of the version the change was made from (\"3\"); a stale one is a 412."}
}

// writeOp is a write operation secured by bearerAuth.
func writeOp(id, summary, desc string, params []any, body, okCode, okSchema string, errs ...string) obj {
	rs := obj{okCode: obj{"description": "Done; the answer is the result.",
		"headers": obj{"ETag": obj{"description": "The article's version, for If-Match.", "schema": obj{"type": "string"}}},
		"content": jsonContent(ref(okSchema))},
		"429":     obj{"$ref": "#/components/responses/TooManyRequests"},
		"default": obj{"$ref": "#/components/responses/InternalError"}}
	if okSchema == "ModeratedComment" {
		delete(rs[okCode].(obj), "headers")
	}
	names := map[string]string{"400": "BadRequest", "401": "Unauthorized", "403": "Forbidden", "404": "NotFound",
		"409": "Conflict", "412": "PreconditionFailed", "413": "TooLarge", "415": "UnsupportedMediaType", "422": "Unprocessable"}
	for _, e := range errs {
		rs[e] = obj{"$ref": "#/components/responses/" + names[e]}
	}
	o := obj{"operationId": id, "summary": summary, "description": desc, "responses": rs,
		"security": []any{obj{"bearerAuth": []any{}}}}
	if len(params) > 0 {
		o["parameters"] = params
	}
	if body != "" {
		o["requestBody"] = obj{"required": true, "content": jsonContent(ref(body))}
	}
	return o
}

func writeSchemas() obj {
	status := enum("", "draft", "scheduled", "published", "unpublished")
	return obj{
		"ArticleWrite": obj{"type": "object", "additionalProperties": false,
			"description": fmt.Sprintf("A newsroom article's fields; unknown fields are refused. The body is Markdown of at most %d KB.", desk.MaxBodyBytes>>10),
			"properties": obj{
				"title":         str(fmt.Sprintf("The headline, at most %d characters; required for a new article.", desk.MaxTitleRunes)),
				"slug":          str("The address's last part (lower-case words and hyphens); made from the title when empty."),
				"body":          str("Markdown; it must not be empty for a published or scheduled article."),
				"excerpt":       str(""),
				"category":      str("A category name; a new one is made as needed."),
				"tags":          arr(str("")),
				"byline":        str(""),
				"credit":        str("The outlet or agency credited (\"Credit: …\")."),
				"credit_url":    str("The credited page, https://…; needs credit."),
				"image_caption": str(""),
				"image_credit":  str("The photographer (\"Photo Credit: …\")."),
				"status":        enum("draft or scheduled or published; unpublished for a published article.", "draft", "scheduled", "published", "unpublished"),
				"publish_at":    dateTime("For scheduled: when to publish, RFC 3339, in the future."),
				"version":       integer("PATCH only: the version the change was made from."),
			}},
		"DeskArticle": object("A newsroom article.", obj{
			"id":            integer("The newsroom article's id (PATCH, publish, unpublish)."),
			"article_id":    nullable("integer", "Its public article, once first published."),
			"url":           nullable("string", "Its page on the site while published."),
			"status":        status,
			"version":       obj{"type": "integer", "minimum": 1, "description": "Counts the changes; the ETag."},
			"title":         str(""),
			"slug":          str(""),
			"excerpt":       str(""),
			"body":          str("Markdown."),
			"category":      str(""),
			"tags":          arr(str("")),
			"byline":        str(""),
			"credit":        str(""),
			"credit_url":    str(""),
			"image_caption": str(""),
			"image_credit":  str(""),
			"publish_at":    nullableDateTime("When it publishes (scheduled) or was published."),
			"author_id":     integer("The account that wrote it; 0 once deleted."),
			"created_at":    dateTime(""),
			"updated_at":    dateTime(""),
		}),
		"Moderation": object("A moderation.", obj{
			"status": enum("", "approved", "pending", "spam", "trash"),
		}),
		"ModeratedComment": object("A comment after a moderation.", obj{
			"id":         integer(""),
			"article_id": integer(""),
			"status":     enum("", "approved", "pending", "spam", "trash"),
		}),
		"ValidationError": object("Refused input; fields says what is wrong with each field at fault.", obj{
			"error":  str(""),
			"fields": obj{"type": "object", "additionalProperties": obj{"type": "string"}},
		}, "fields"),
	}
}

func writeResponses() obj {
	errResp := func(desc string) obj {
		return obj{"description": desc, "content": jsonContent(ref("Error"))}
	}
	unauth := errResp("No token, or one unknown, revoked or of a disabled account.")
	unauth["headers"] = obj{"WWW-Authenticate": obj{"description": "A Bearer challenge.", "schema": obj{"type": "string"}}}
	return obj{
		"Unauthorized":         unauth,
		"Forbidden":            errResp("The token's scope or its account's role does not allow this."),
		"Conflict":             errResp("The article changed since the version named, or the move does not apply to the comment's status."),
		"PreconditionFailed":   errResp("If-Match names another version than the article's."),
		"TooLarge":             errResp(fmt.Sprintf("The body is over %d bytes.", maxWriteBody)),
		"UnsupportedMediaType": errResp("The body is not application/json."),
		"Unprocessable": obj{"description": "The input is well-formed but refused; fields names the fields at fault.",
			"content": jsonContent(ref("ValidationError"))},
	}
}
