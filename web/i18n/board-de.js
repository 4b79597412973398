/** Texts of the board's board pages (de). */
export default {
};
