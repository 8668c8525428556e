package web_test

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// schemaChecker validates decoded JSON against the subset of JSON Schema
// the OpenAPI document uses: $ref, type (one or a list), required,
// properties, additionalProperties false, items, enum, minimum, maximum,
// minLength, maxItems, pattern and format date-time. A keyword it does not know is an
// error, so the document cannot use one the tests silently ignore.
type schemaChecker struct {
	doc map[string]any
}

// knownKeywords are the schema keywords check understands, and the
// annotations it may ignore.
var knownKeywords = []string{"$ref", "type", "required", "properties", "additionalProperties",
	"items", "enum", "minimum", "maximum", "minLength", "maxItems", "format", "pattern",
	"description", "default"}

// resolve follows a local reference (#/components/...).
func (c schemaChecker) resolve(ref string) (map[string]any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("reference %q is not local", ref)
	}
	var cur any = c.doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("reference %q: %q is not in an object", ref, part)
		}
		if cur, ok = m[part]; !ok {
			return nil, fmt.Errorf("reference %q: no %q", ref, part)
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("reference %q is not an object", ref)
	}
	return m, nil
}

// deref returns the object a {"$ref"} names, or m itself.
func (c schemaChecker) deref(m map[string]any) (map[string]any, error) {
	for i := 0; i < 10; i++ {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		var err error
		if m, err = c.resolve(ref); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("reference chain too long")
}

// check returns every way v departs from schema, each prefixed by its
// JSON path.
func (c schemaChecker) check(path string, v any, schema map[string]any) []string {
	schema, err := c.deref(schema)
	if err != nil {
		return []string{path + ": " + err.Error()}
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	for k := range schema {
		if !slices.Contains(knownKeywords, k) {
			fail("schema keyword %q is not understood by the checker", k)
		}
	}
	if t, ok := schema["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return isType(v, t) }) {
			fail("%s is not of type %v", short(v), types)
			return errs
		}
	}
	if e, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return jsonEqual(x, v) }) {
		fail("%s is not one of %v", short(v), e)
	}
	if n, ok := v.(float64); ok {
		if lo, ok := num(schema["minimum"]); ok && n < lo {
			fail("%v is below the minimum %v", n, lo)
		}
		if hi, ok := num(schema["maximum"]); ok && n > hi {
			fail("%v is above the maximum %v", n, hi)
		}
	}
	if s, ok := v.(string); ok {
		if lo, ok := num(schema["minLength"]); ok && float64(len([]rune(s))) < lo {
			fail("%q is shorter than %v", s, lo)
		}
		if pat, ok := schema["pattern"].(string); ok {
			if re, err := regexp.Compile(pat); err != nil || !re.MatchString(s) {
				fail("%q does not match %q (%v)", s, pat, err)
			}
		}
		if schema["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				fail("%q is not a date-time", s)
			}
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asStrings(schema["required"]) {
			if _, ok := obj[r]; !ok {
				fail("required property %q is missing", r)
			}
		}
		for _, k := range sortedKeys(obj) {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, c.check(path+"."+k, obj[k], ps)...)
			} else if schema["additionalProperties"] == false {
				fail("property %q is not declared", k)
			}
		}
	}
	if list, ok := v.([]any); ok {
		if hi, ok := num(schema["maxItems"]); ok && float64(len(list)) > hi {
			fail("%d items, more than %v", len(list), hi)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range list {
				errs = append(errs, c.check(fmt.Sprintf("%s[%d]", path, i), x, items)...)
			}
		}
	}
	return errs
}

func isType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n)
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}

func jsonEqual(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

func num(v any) (float64, bool) {
	n, ok := v.(float64)
	return n, ok
}

func asStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func short(v any) string {
	s := fmt.Sprintf("%#v", v)
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}
