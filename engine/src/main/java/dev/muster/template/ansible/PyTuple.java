package dev.muster.template.ansible;

import java.util.ArrayList;
import java.util.Collection;

/** A Python tuple (what splitext, zip, product, dictsort and items give): a list that prints as {@code (a, b)}. */
final class PyTuple extends ArrayList<Object> {
    PyTuple(Collection<?> items) {
        super(items);
    }
}
