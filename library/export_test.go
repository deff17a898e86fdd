package library

import "github.com/doctrinebot/doctrinebot/corpus"

// ChunkDocuments is chunkDocuments, for the tests of package library_test: after that many
// documents an Add has at least one chunk to prepare and stage.
const ChunkDocuments = chunkDocuments

// DocumentHash is documentHash, for the tests of package library_test: the hash of d's
// content that Add stores with it, to write a library as an earlier doctrinebot left it.
func DocumentHash(d *corpus.Document) string {
	var scratch []byte
	return documentHash(d, &scratch)
}
