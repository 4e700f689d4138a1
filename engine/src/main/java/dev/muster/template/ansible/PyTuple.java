package dev.muster.template.ansible;

import com.hubspot.jinjava.objects.collections.PyList;
import java.util.ArrayList;
import java.util.Collection;

/**
 * A Python tuple (what splitext, zip, product, dictsort, items and groupby give): a list that prints as {@code (a, b)}.
 * A Jinjava PyList, so that {@code {% for k, v in pairs %}} unpacks it by position as Jinja2 does (Jinjava unpacks
 * only its own lists, anything else by bean properties).
 */
class PyTuple extends PyList {
    PyTuple(Collection<?> items) {
        super(new ArrayList<>(items));
    }
}
