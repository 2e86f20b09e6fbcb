/*
 * Test helper: parses CQL with YAZ's own parser (libyaz, strict mode), one
 * query per stdin line, "ERROR" when YAZ rejects it. Built by yaz-agreement.test.ts.
 *   yaz-cql-probe              prints the tree in the form of src/query/cql/print.ts
 *                              (YAZ keeps modifiers in reverse order; printed in query order)
 *   yaz-cql-probe --pqf FILE   converts to PQF with a cql2pqf properties FILE,
 *                              "DIAG n addinfo" when YAZ's mapping refuses the query
 */
#include <stdio.h>
#include <string.h>
#include <yaz/cql.h>

static void print_node(struct cql_node *node);

static void print_modifiers(struct cql_node *list) {
  struct cql_node *items[64];
  int count = 0;
  for (; list && count < 64; list = list->u.st.modifiers) items[count++] = list;
  while (count-- > 0) {
    struct cql_node *m = items[count];
    printf(" /%s", m->u.st.index);
    if (m->u.st.relation) printf(" %s [%s]", m->u.st.relation, m->u.st.term ? m->u.st.term : "");
  }
}

static void print_node(struct cql_node *node) {
  if (node->which == CQL_NODE_ST) {
    printf("(sc %s{%s} %s{%s}", node->u.st.index, node->u.st.index_uri ? node->u.st.index_uri : "",
           node->u.st.relation, node->u.st.relation_uri ? node->u.st.relation_uri : "");
    print_modifiers(node->u.st.modifiers);
    printf(" [%s]%s)", node->u.st.term, node->u.st.extra_terms ? " EXTRA-TERMS" : "");
  } else if (node->which == CQL_NODE_BOOL) {
    printf("(%s", node->u.boolean.value);
    print_modifiers(node->u.boolean.modifiers);
    printf(" ");
    print_node(node->u.boolean.left);
    printf(" ");
    print_node(node->u.boolean.right);
    printf(")");
  } else if (node->which == CQL_NODE_SORT) {
    printf("(sort ");
    print_node(node->u.sort.search);
    for (; node; node = node->u.sort.next) {
      printf(" {%s", node->u.sort.index);
      print_modifiers(node->u.sort.modifiers);
      printf("}");
    }
    printf(")");
  }
}

static void print_pqf(cql_transform_t transform, struct cql_node *node) {
  static char out[65536];
  if (cql_transform_buf(transform, node, out, sizeof out) == 0) {
    printf("%s\n", out);
  } else {
    const char *addinfo = 0;
    int code = cql_transform_error(transform, &addinfo);
    printf("DIAG %d %s\n", code, addinfo ? addinfo : "");
  }
}

int main(int argc, char **argv) {
  static char line[65536];
  cql_transform_t transform = 0;
  CQL_parser parser = cql_parser_create();
  cql_parser_strict(parser, 1);
  if (argc == 3 && strcmp(argv[1], "--pqf") == 0) {
    transform = cql_transform_open_fname(argv[2]);
    if (!transform) {
      fprintf(stderr, "cannot read %s\n", argv[2]);
      return 2;
    }
  }
  while (fgets(line, sizeof line, stdin)) {
    size_t len = strlen(line);
    if (len > 0 && line[len - 1] == '\n') line[len - 1] = '\0';
    if (cql_parser_string(parser, line) != 0) {
      printf("ERROR\n");
    } else if (transform) {
      print_pqf(transform, cql_parser_result(parser));
    } else {
      print_node(cql_parser_result(parser));
      printf("\n");
    }
    fflush(stdout);
  }
  if (transform) cql_transform_close(transform);
  cql_parser_destroy(parser);
  return 0;
}
