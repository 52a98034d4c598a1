/*
 * What the record-layout generators (record_layout.c, file_layout.c) share: they run on the build
 * host, write a Java class of offsets and a header of _Static_asserts the BPF compile includes.
 */
#ifndef BPFTOP_LAYOUT_GEN_H
#define BPFTOP_LAYOUT_GEN_H

#include <ctype.h>
#include <stdio.h>

static void upper(FILE *out, const char *name)
{
	for (; *name; name++)
		fputc(toupper((unsigned char)*name), out);
}

/* Opens argv's JAVA_FILE and CHECK_HEADER; 0, or the exit status after saying why not. */
static int open_outputs(int argc, char **argv, const char *tool, FILE **java, FILE **check)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s JAVA_FILE CHECK_HEADER\n", argv[0]);
		return 2;
	}
	*java = fopen(argv[1], "w");
	*check = fopen(argv[2], "w");
	if (!*java || !*check) {
		perror(tool);
		return 1;
	}
	return 0;
}

#endif
