package report

import (
	"bytes"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ValidateSARIF checks data against the SARIF 2.1.0 JSON schema stored at
// schemaPath (testdata/sarif/sarif-schema-2.1.0.json in this repository).
// It lives outside the test files so that every package with SARIF
// goldens, the CLI's included, checks them the same way.
//
// Format keywords such as "uri" are asserted too, since a malformed file
// URI is exactly the mistake a SARIF consumer fails on.
func ValidateSARIF(data []byte, schemaPath string) error {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(schemaPath)
	if err != nil {
		return fmt.Errorf("compile sarif schema %s: %w", schemaPath, err)
	}

	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("parse sarif: %w", err)
	}

	if err := schema.Validate(doc); err != nil {
		return fmt.Errorf("sarif does not match schema: %w", err)
	}
	return nil
}
