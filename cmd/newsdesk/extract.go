package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsdesk/newsdesk/internal/extract"
	"github.com/newsdesk/newsdesk/internal/fetch"
)

func runExtract(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk extract [--json] FILE_OR_URL...",
		"Run the article extractor on web pages (files or http(s) URLs) and print one\n"+
			"JSON object per input: title, byline (as the page states it), author (the\n"+
			"writers' names alone), site_name, published_at, lead_image, image_credit,\n"+
			"excerpt, content_html, content_text, language, canonical_url.")
	f.Bool("json", true, "print JSON (the only format; accepted for scripts that pass it)")
	base := f.String("base-url", "", "URL that relative links in FILE inputs resolve against")
	ff := addFetchFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if len(f.args) == 0 {
		return usagef("missing FILE_OR_URL (usage: %s)", f.usage)
	}
	client, err := ff.client()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(io.out)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, in := range f.args {
		page, pageURL, err := readPage(ctx, client, in, *base)
		var res extract.Result
		if err == nil {
			res, err = extract.Article(page, pageURL)
		}
		if err != nil {
			failed++
			fmt.Fprintf(io.err, "%s: %v\n", in, err)
			continue
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs could not be extracted", failed, len(f.args))
	}
	return nil
}

// readPage loads a page from a URL (through the guarded client) or a file.
func readPage(ctx context.Context, client *fetch.Client, in, base string) ([]byte, string, error) {
	if strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://") {
		resp, err := client.Get(ctx, fetch.Request{URL: in, Accept: "text/html", MaxBytes: fetch.MaxPageBytes})
		if err != nil {
			return nil, "", err
		}
		return resp.HTMLUTF8(), resp.URL, nil
	}
	data, err := os.ReadFile(in)
	if err != nil {
		return nil, "", err
	}
	if len(data) > fetch.MaxPageBytes {
		return nil, "", fmt.Errorf("file is larger than %d MiB", fetch.MaxPageBytes>>20)
	}
	if base == "" {
		abs, _ := filepath.Abs(in)
		base = "file://" + filepath.ToSlash(abs)
	}
	resp := fetch.Response{Body: data, ContentType: "text/html"}
	return resp.HTMLUTF8(), base, nil
}
