package migrate

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// convert turns one SQLite value into what the target column's type
// takes, by the conventions of the SQLite store: times are integers of
// Unix microseconds (UTC), booleans 0 or 1, JSON and text are text,
// bytes are blobs. NULL stays NULL. A value that does not fit the
// target's type is an error naming the column, never a silent change.
func convert(col pgColumn, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch col.dataType {
	case "timestamp with time zone", "timestamp without time zone":
		n, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("column %s: want Unix microseconds, found %T %v", col.name, v, v)
		}
		return time.UnixMicro(n).UTC(), nil
	case "boolean":
		n, ok := v.(int64)
		if !ok || (n != 0 && n != 1) {
			return nil, fmt.Errorf("column %s: want 0 or 1, found %T %v", col.name, v, v)
		}
		return n == 1, nil
	case "bigint", "integer", "smallint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case string:
			// A number typed into a text-affinity value still converts.
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("column %s: want an integer, found %q", col.name, x)
			}
			return n, nil
		}
		return nil, fmt.Errorf("column %s: want an integer, found %T", col.name, v)
	case "double precision", "real", "numeric":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
		return nil, fmt.Errorf("column %s: want a number, found %T", col.name, v)
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
		return nil, fmt.Errorf("column %s: want bytes, found %T", col.name, v)
	case "jsonb", "json":
		var raw []byte
		switch x := v.(type) {
		case string:
			raw = []byte(x)
		case []byte:
			raw = x
		default:
			return nil, fmt.Errorf("column %s: want JSON text, found %T", col.name, v)
		}
		if !json.Valid(raw) {
			return nil, fmt.Errorf("column %s: not valid JSON", col.name)
		}
		// Raw bytes go to PostgreSQL as the JSON document itself.
		return json.RawMessage(raw), nil
	case "text", "character varying", "character":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		}
		return nil, fmt.Errorf("column %s: want text, found %T", col.name, v)
	}
	return nil, fmt.Errorf("column %s: no conversion into PostgreSQL type %s", col.name, col.dataType)
}
