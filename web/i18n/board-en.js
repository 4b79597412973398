/** Texts of the board's board pages (en). */
export default {
};
