"""{% fixed %}: a piece of the layout the same for everyone reading in one language, rendered once.

The layout's header, footer and the home page's texts are a few dozen {% translate %}, {% url %}
and {% static %} tags whose output depends on nothing but the language: rendering them again at
every request was most of the cheapest pages' CPU (issue 11, docs/scaling.md). Inside
`{% fixed %}...{% endfixed %}` they are rendered on first use and the text kept for the process,
keyed by what their output can depend on: the active language, the URL prefix and URL map, the
current application namespace (for {% url %}) and autoescaping.

Only tags whose output is a function of those may go inside, and the template does not compile
otherwise (TemplateSyntaxError): plain text, {% translate "a literal" %} (no `as`),
{% blocktranslate %} without variables, {% url 'name' 'literal args' %} (no `as`),
{% static 'literal' %} (no `as`) and comments. A variable, a filter, an {% if %} or a
{% csrf_token %} is refused, so one person's data can never be kept and shown to another.

Django's {% cache %} tag is not used for this: it keeps whatever its body renders, variables
included, for a timeout, and reads the cache backend (Redis here) at every use.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template import Context, Node, NodeList, TemplateSyntaxError, Variable
from django.template.base import FilterExpression, Parser, TextNode, Token, TokenType
from django.template.defaulttags import CommentNode, URLNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import SafeString

register = template.Library()

#: Bumped when a setting changes (tests: STATIC_URL, LANGUAGES, ...): every kept text is stale.
_generation = 0


def _settings_changed(**kwargs: Any) -> None:
    global _generation
    _generation += 1


setting_changed.connect(_settings_changed, dispatch_uid="portal.templatetags.fragments")


def _literal(expression: FilterExpression | None) -> bool:
    """A literal ('text', "text", 3) without filters: the same value in every context."""
    if expression is None:
        return True
    if expression.filters:
        return False
    var = expression.var
    return not isinstance(var, Variable) or var.literal is not None


def _fixed(node: Node) -> bool:
    if isinstance(node, TextNode | CommentNode):
        return True
    if isinstance(node, TranslateNode):
        return (
            node.asvar is None
            and _literal(node.filter_expression)
            and _literal(node.message_context)
        )
    if isinstance(node, BlockTranslateNode):
        return (
            node.asvar is None
            and not node.extra_context
            and not node.plural
            and node.countervar is None
            and _literal(node.message_context)
            and all(token.token_type == TokenType.TEXT for token in node.singular)
        )
    if isinstance(node, URLNode):
        return (
            node.asvar is None
            and _literal(node.view_name)
            and all(_literal(arg) for arg in node.args)
            and all(_literal(value) for value in node.kwargs.values())
        )
    if isinstance(node, StaticNode):
        return node.varname is None and _literal(node.path)
    return False


def _current_app(context: Context) -> str | None:
    """What {% url %} passes to reverse() as current_app (defaulttags.URLNode.render)."""
    request = getattr(context, "request", None)
    if request is None:
        return None
    current_app = getattr(request, "current_app", None)
    if current_app is not None:
        return current_app
    match = getattr(request, "resolver_match", None)
    return match.namespace if match else None


class FixedNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple[Any, ...], SafeString] = {}

    def render(self, context: Context) -> SafeString:
        key = (
            _generation,
            translation.get_language(),
            get_script_prefix(),
            get_urlconf(),
            _current_app(context),
            context.autoescape,
        )
        text = self.rendered.get(key)
        if text is None:
            # Two threads may both render it the first time: the same text, kept once.
            text = self.rendered[key] = self.nodelist.render(context)  # a SafeString
        return text


@register.tag("fixed")
def do_fixed(parser: Parser, token: Token) -> FixedNode:
    """{% fixed %}...{% endfixed %}: rendered once per language (see the module's docstring)."""
    if len(token.split_contents()) != 1:
        raise TemplateSyntaxError("{% fixed %} takes no arguments")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    for node in nodelist:
        if not _fixed(node):
            raise TemplateSyntaxError(
                f"{{% fixed %}} may hold only text and literal translate, blocktranslate, url "
                f"and static tags; not {node!r} (line {node.token.lineno if node.token else '?'})"
            )
    return FixedNode(nodelist)
