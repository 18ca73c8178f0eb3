// Package deployfile reads the files around a Flask project that are not
// Python: Dockerfiles, Procfiles, docker-compose files, nginx configuration,
// dotenv files and pip requirements.
//
// The package knows nothing about Flask. Each reader turns one file into
// plain Go values that carry 1-based line numbers and, where they are cheap
// to have, 0-based byte offsets into the source, so that the project model
// can interpret them and rules can point at the exact line.
//
// Every reader takes the file's path (used only in messages) and its bytes,
// and never panics. It always returns a non-nil value holding whatever it
// could read, together with an error that lists what it could not (a
// *ParseError per problem, joined with errors.Join). A file that looks
// binary yields an empty value and a single error, because guessing at the
// structure of a binary file would only produce noise.
package deployfile
